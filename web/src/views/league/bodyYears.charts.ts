import { LineChart } from 'echarts/charts';
import { use } from '../../lib/echarts.ts';

use([LineChart]);
