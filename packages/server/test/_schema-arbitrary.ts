/**
 * fast-check arbitraries from the JSON Schemas in the OpenAPI document: values
 * that follow a schema (so requests get past validation and reach the
 * library), and near-misses (a required field dropped, a value of another
 * type) mixed with arbitrary JSON.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

const resolve = (schema: Schema, doc: Schema): Schema => {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let cur: unknown = doc;
  for (const part of ref.slice(2).split('/')) cur = (cur as Schema)[part];
  return resolve(cur as Schema, doc);
};

const typeOf = (s: Schema): string | undefined => {
  const t = s.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  return t as string | undefined;
};

export function valid(schemaIn: Schema, doc: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schemaIn, doc);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf))
    return fc.oneof(...((s.oneOf ?? s.anyOf) as Schema[]).map((x) => valid(x, doc, depth + 1)));
  switch (typeOf(s)) {
    case 'string': {
      if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern));
      if (s.contentEncoding === 'base64' || s.format === 'byte')
        return fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64'));
      return fc.string({
        minLength: (s.minLength as number) ?? 0,
        maxLength: Math.min((s.maxLength as number) ?? 40, 40),
      });
    }
    case 'integer':
      return fc.integer({ min: (s.minimum as number) ?? -1e9, max: (s.maximum as number) ?? 1e12 });
    case 'number':
      return fc.double({
        min: (s.minimum as number) ?? -1e9,
        max: (s.maximum as number) ?? 1e12,
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = (s.items as Schema | undefined) ?? {};
      return fc.array(depth > 4 ? fc.constant(null) : valid(items, doc, depth + 1), {
        minLength: (s.minItems as number) ?? 0,
        maxLength: Math.min((s.maxItems as number) ?? 3, 3),
      });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props))
        model[k] = depth > 4 ? fc.constant(null) : valid(v, doc, depth + 1);
      return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A schema-following value with one field dropped or replaced by junk. */
export function nearMiss(schema: Schema, doc: Schema): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid(schema, doc), fc.nat(), fc.jsonValue({ maxDepth: 1 }), fc.boolean())
    .map(([v, pick, junk, drop]) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return junk;
      const keys = Object.keys(v);
      if (keys.length === 0) return junk;
      const k = keys[pick % keys.length]!;
      const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      if (drop) delete copy[k];
      else copy[k] = junk;
      return copy;
    });
}

export function requestBodies(schema: Schema, doc: Schema): fc.Arbitrary<unknown> {
  return fc.oneof(valid(schema, doc), nearMiss(schema, doc), fc.jsonValue({ maxDepth: 3 }));
}
