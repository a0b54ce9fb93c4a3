import type { FastifyTypeProvider } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';

/**
 * A string schema limited to the given values, typed as their union (JSON Schema `enum`).
 * @example const Status = StringEnum(['draft', 'issued']) // Static<typeof Status> = 'draft' | 'issued'
 */
export function StringEnum<const T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

/**
 * A response field that may be null, as OpenAPI 3.0's `nullable`: fast-json-stringify writes it directly, where an
 * anyOf (Type.Union with Type.Null) makes it try each branch on every response. Beware: without it a null in a
 * string field is written as "" and in a number field as 0.
 * @example Nullable(Type.String()) // Static = string | null
 */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });
}

declare const dateTimeBrand: unique symbol;
/** A timestamp as the API sends it: an ISO 8601 string (`2026-01-31T08:00:00.000Z`). */
export type DateTimeString = string & { readonly [dateTimeBrand]: true };
/** A timestamp in a response: the handler may return a Date; the client reads an ISO string. */
export const DateTime = Type.Unsafe<DateTimeString>({ type: 'string', format: 'date-time' });

/** A uuid (a record's id). */
export const Uuid = Type.String({ format: 'uuid' });

/** What a handler may return for a response schema's static type: a Date wherever the client reads a DateTimeString. */
export type Wire<T> = T extends DateTimeString
  ? string | Date
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/**
 * The type provider of every route: like @fastify/type-provider-typebox's, but a handler may return Dates where the
 * response schema has a DateTime (fast-json-stringify writes them as ISO strings).
 */
export interface ApiTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Wire<Static<this['schema']>> : unknown;
}

/** `{ ok: true }`, the answer of actions that return nothing else. */
export const OkResponse = Type.Object({ ok: Type.Boolean() });

/** 204 No Content: the answer of a delete. */
export const NoContent = Type.Null({ description: 'No content' });

/** A field-level problem in an error answer; more properties (row, line, sheet…) pass through. */
const ErrorDetail = Type.Object(
  { field: Type.String(), message: Type.String(), zh: Type.String(), en: Type.String(), row: Type.Optional(Type.Integer()), line: Type.Optional(Type.Integer()) },
  { additionalProperties: true },
);

/**
 * Every error answer of the API (4xx and 5xx), registered for every /api route by the HTTP basics:
 * `{ error: { code, message, zh, en, details: [{ field, message, zh, en }] } }`: `message` is `中文 / English` (for the
 * CLI and logs), `zh` and `en` its halves (for the UI; src/server/error-body.ts builds it).
 */
export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), zh: Type.String(), en: Type.String(), details: Type.Array(ErrorDetail) }, { additionalProperties: true }),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

/** A file download (xlsx, docx, csv): the schema documents the content type; the body is the file. */
export function FileResponse(contentType: string, description: string) {
  return Type.Unsafe<unknown>({ description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } });
}
