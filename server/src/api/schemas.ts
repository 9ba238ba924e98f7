import { BODY_TYPES, LEAGUE_BODY_TYPES, METRIC_IDS } from '@nianbao/shared';
import { Type, type TSchema } from 'typebox';

/**
 * Request parameters shared by the routes. They are the validation and the OpenAPI document at
 * once: a metric is one of the catalog's ids (the only way a name reaches a column), a region code
 * has 2, 4, 6 or 9 digits.
 */
const CODE = '[0-9]{2}(?:[0-9]{2}(?:[0-9]{2}(?:[0-9]{3})?)?)?';

/**
 * A parameter with a default: optional in the request and the OpenAPI document, yet typed as
 * always present, because fastify's ajv (`useDefaults`) fills the default in before the handler runs.
 */
export const Defaulted = <T extends TSchema>(t: T): T => Type.Optional(t) as unknown as T;

export const MetricParam = Type.Enum([...METRIC_IDS], { description: 'A metric id of GET /api/metrics, e.g. applications.received' });
export const YearParam = Type.Integer({ minimum: 1990, maximum: 2100, description: 'Reporting year, e.g. 2024' });
export const RegionCodeParam = Type.String({ pattern: `^${CODE}$`, description: 'Region code: 2 (province), 4 (city), 6 (county) or 9 (township) digits' });
export const ParentParam = Defaulted(Type.String({
  pattern: `^(?:all|${CODE})$`,
  default: 'all',
  description: 'Rank within this region (province, city or county code), or "all" for the whole country',
}));
export const RegionListParam = Type.String({
  pattern: `^${CODE}(?:,${CODE}){0,19}$`,
  description: 'Up to 20 region codes, comma-separated',
});
export const TownshipListParam = Type.String({
  pattern: '^[0-9]{9}(?:,[0-9]{9}){0,19}$',
  description: 'Up to 20 township codes (9 digits), comma-separated',
});
export const LeagueLevelParam = Defaulted(Type.Enum(['township', 'county', 'city', 'province'], { default: 'township', description: 'What is ranked' }));
export const BodyParam = Defaulted(Type.Enum([...LEAGUE_BODY_TYPES], {
  default: 'township',
  description: 'Which bodies: township (townships, and regions summing them); department (the departments of the county or city `parent`); area (its township-level area offices, 片区 / 管理区); county_government or city_government (the governments within `parent`)',
}));
/** Body keys as GET /api/league?body=… returns them in `code`, e.g. `350128:department:行政审批局`. */
const BODY_KEY = '[0-9]{4,6}:(?:(?:department|area):[^,]{1,60}|county_government|city_government)';
export const BodyKeyListParam = Type.String({
  pattern: `^${BODY_KEY}(?:,${BODY_KEY}){0,19}$`,
  description: 'Up to 20 body keys (the `code` of a department or government league row), comma-separated',
});
export const BodyTypeEnum = Type.Enum([...BODY_TYPES]);
export const AggregateLevelParam = Type.Enum(['county', 'city', 'province'], { description: 'Regions to aggregate townships into' });
export const OrderParam = Defaulted(Type.Enum(['desc', 'asc'], { default: 'desc', description: 'desc: rank 1 = largest value' }));
/** An on/off query flag: `1`/`true` on, `0`/`false` (or absent) off; read with `flagOn`. */
export const FlagParam = (description: string) => Type.Enum(['1', '0', 'true', 'false'], { description: `${description} (1 or true)` });
export const flagOn = (v: string | undefined): boolean => v === '1' || v === 'true';
export const LangParam = Defaulted(Type.Enum(['zh', 'en'], { default: 'zh', description: 'CSV header language' }));

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
// Scalars as type arrays rather than anyOf: the same in OpenAPI 3.1, and serialisers handle them
// without trying each branch.
export const NullableNumber = Type.Unsafe<number | null>({ type: ['number', 'null'] } as unknown as TSchema);
export const NullableInteger = Type.Unsafe<number | null>({ type: ['integer', 'null'] } as unknown as TSchema);
export const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] } as unknown as TSchema);
export const NullableBoolean = Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] } as unknown as TSchema);

export const RegionRef = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Enum(['province', 'city', 'county', 'township']),
});

/** Every error's body (shared/src/api.ts ApiError): `code` is stable, `message` English prose. */
export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  code: Type.String({ description: 'Stable: no_reports_for_year, unknown_region, invalid_parameter, not_found, unauthorized, forbidden, conflict, too_large, too_many_requests, bad_request, busy, internal' }),
  message: Type.String(),
  parameter: Type.Optional(Type.String()),
  year: Type.Optional(Type.Integer({ description: 'no_reports_for_year: the year asked for' })),
  years: Type.Optional(Type.Array(Type.Integer(), { description: 'no_reports_for_year: the years with reports' })),
});
