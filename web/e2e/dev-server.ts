// Serves the e2e fixture for working on the dashboard: `pnpm --filter @nianbao/web exec tsx e2e/dev-server.ts`
// (then `vite` with NIANBAO_API=<printed url>, or open the printed url for the built web/dist).
import { startE2eServer } from './fixture.ts';

const fx = await startE2eServer();
process.stdout.write(`${fx.url}\ncounty A ${fx.countyACode}, county B ${fx.countyBCode}, city ${fx.cityCode}, province ${fx.provinceCode}\n`);
process.stdout.write(`townships A: ${fx.countyA.map((t) => `${t.code} ${t.organ}`).join('; ')}\n`);
process.once('SIGTERM', () => fx.close().then(() => process.exit(0)));
process.once('SIGINT', () => fx.close().then(() => process.exit(0)));
