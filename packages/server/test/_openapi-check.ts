/**
 * A structural check of an OpenAPI 3.1 document (OAS 3.1.0 §4.8): required
 * top-level fields, operations with responses, path templates matching their
 * declared path parameters, every $ref resolving inside the document, and
 * security requirements naming declared schemes. Returns the problems found.
 */
type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let cur: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur !== null && typeof cur === 'object' ? (cur as Json)[part] : undefined;
  }
  return cur;
}

function walkRefs(node: unknown, at: string, visit: (ref: string, at: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => {
      walkRefs(n, `${at}/${i}`, visit);
    });
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') visit(v, at);
      else walkRefs(v, `${at}/${k}`, visit);
    }
  }
}

export function checkOpenApi31(doc: Json): string[] {
  const problems: string[] = [];
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi))
    problems.push('openapi: not 3.1.x');
  const info = doc.info as Json | undefined;
  if (typeof info?.title !== 'string' || typeof info?.version !== 'string')
    problems.push('info: title and version required');
  const paths = doc.paths as Record<string, Json> | undefined;
  if (paths === undefined || typeof paths !== 'object') problems.push('paths: missing');
  const schemes = ((doc.components as Json | undefined)?.securitySchemes ?? {}) as Json;
  const opIds = new Set<string>();
  for (const [path, item] of Object.entries(paths ?? {})) {
    if (!path.startsWith('/')) problems.push(`${path}: must start with /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (op === undefined) continue;
      const at = `${method.toUpperCase()} ${path}`;
      const responses = op.responses as Json | undefined;
      if (responses === undefined || Object.keys(responses).length === 0)
        problems.push(`${at}: no responses`);
      for (const [code, r] of Object.entries(responses ?? {})) {
        if (!/^([1-5][0-9][0-9]|[1-5]XX|default)$/.test(code))
          problems.push(`${at}: bad response key ${code}`);
        if (typeof (r as Json).description !== 'string' && (r as Json).$ref === undefined)
          problems.push(`${at} ${code}: response needs a description`);
      }
      const params = (op.parameters ?? []) as Json[];
      const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name as string);
      for (const t of templated)
        if (!pathParams.includes(t)) problems.push(`${at}: path parameter ${t} not declared`);
      for (const p of params) {
        if (p.in === 'path' && p.required !== true)
          problems.push(`${at}: path parameter ${String(p.name)} must be required`);
        if (!['path', 'query', 'header', 'cookie'].includes(p.in as string))
          problems.push(`${at}: bad parameter location`);
      }
      if (typeof op.operationId === 'string') {
        if (opIds.has(op.operationId)) problems.push(`${at}: duplicate operationId ${op.operationId}`);
        opIds.add(op.operationId);
      }
      for (const req of (op.security ?? []) as Json[])
        for (const name of Object.keys(req))
          if (schemes[name] === undefined) problems.push(`${at}: unknown security scheme ${name}`);
    }
  }
  walkRefs(doc, '#', (ref, at) => {
    if (resolvePointer(doc, ref) === undefined) problems.push(`${at}: unresolved $ref ${ref}`);
  });
  return problems;
}
