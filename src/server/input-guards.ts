import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError, type FieldIssue } from '../lib/errors.ts';

/** Deeper JSON than this is refused before validation: a legitimate plan tree is a few levels deep. */
export const MAX_JSON_DEPTH = 64;

const MAX_ISSUES = 20;

/**
 * Walks parsed input without recursion and names the fields that hold a NUL character (PostgreSQL text cannot
 * store one) or sit deeper than MAX_JSON_DEPTH (a recursive schema would overflow the stack validating them).
 * Field names follow the validation errors' form: `nodes.0.children.2.text`.
 */
export function inputProblems(value: unknown, root = ''): { nul: FieldIssue[]; tooDeep: FieldIssue | null } {
  const nul: FieldIssue[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      if (v.includes('\0') && nul.length < MAX_ISSUES) nul.push({ field: item.path, message: '含有空字符（\\0）/ contains a NUL character' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > MAX_JSON_DEPTH) {
      return { nul, tooDeep: { field: item.path, message: `嵌套超过 ${MAX_JSON_DEPTH} 层 / nested deeper than ${MAX_JSON_DEPTH} levels` } };
    }
    const at = (key: string) => (item.path ? `${item.path}.${key}` : key);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: at(String(i)), depth });
    } else {
      for (const [key, child] of Object.entries(v)) {
        if (key.includes('\0') && nul.length < MAX_ISSUES) nul.push({ field: at(key.replace(/\0/g, '\\0')), message: '字段名含有空字符 / the field name contains a NUL character' });
        stack.push({ value: child, path: at(key), depth });
      }
    }
  }
  return { nul, tooDeep: null };
}

/** The 400 for input the guards refuse, or null when it passes. */
function refusal(value: unknown): ValidationError | null {
  const { nul, tooDeep } = inputProblems(value);
  if (tooDeep) return new ValidationError(`输入嵌套过深（最多 ${MAX_JSON_DEPTH} 层）/ the input is nested deeper than ${MAX_JSON_DEPTH} levels at ${tooDeep.field || 'its top'}`, [tooDeep]);
  if (nul.length > 0) return new ValidationError(`输入含有空字符（\\0）/ the input contains a NUL character: ${nul.map((i) => i.field).join(', ')}`, nul);
  return null;
}

/**
 * Refuses, with a 400 naming the field, JSON bodies nested deeper than MAX_JSON_DEPTH and any NUL character in a
 * JSON string, a querystring or a path parameter — before schema validation runs, so neither a deep tree nor a NUL
 * reaches the validator or the database. JSON keeps Fastify's own parser (and its prototype-poisoning checks).
 */
export function registerInputGuards(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      const refused = refusal(value);
      if (refused) return done(refused, undefined);
      done(null, value);
    });
  });

  app.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const refused = refusal(request.query) ?? refusal(request.params);
    done(refused ?? undefined);
  });
}
