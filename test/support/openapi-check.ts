import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** One response a test received through the harness's request helper. */
export interface SeenResponse {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

interface Operation {
  template: string;
  pattern: RegExp;
  /** Literal segments first: `/comments/preview` before `/comments/{commentId}`. */
  params: number;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

type OpenApiDocument = {
  paths: Record<string, Record<string, Operation['responses'] | unknown>>;
  components?: unknown;
};

/**
 * Checks responses against the service's own OpenAPI document: the operation
 * is found by method and path, the response by status (else `default`), and a
 * JSON body must validate against its schema. A response the document does not
 * describe at all (an /api/v1 path it lacks, a status with no entry and no
 * default) is a finding too. Every suite that starts the service through the
 * harness runs its responses through this when it closes the service.
 */
export class OpenApiResponses {
  readonly #operations = new Map<string, Operation[]>();
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  readonly #components: unknown;

  constructor(document: OpenApiDocument) {
    this.#components = document.components;
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const list = this.#operations.get(method.toUpperCase()) ?? [];
        // Express mounts `path: '/'` as `/api/v1/admin/users/` in the document; both spellings match.
        const source = template
          .replace(/\/$/, '')
          .split('/')
          .map((part) => (/^\{\w+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/');
        list.push({
          template,
          pattern: new RegExp(`^${source}/?$`),
          params: (template.match(/\{/g) ?? []).length,
          responses: (operation as { responses: Operation['responses'] }).responses,
        });
        list.sort((a, b) => a.params - b.params);
        this.#operations.set(method.toUpperCase(), list);
      }
    }
  }

  /** What is wrong with the response, or null when the document describes it. */
  check(seen: SeenResponse): string | null {
    const path = seen.path.split('?')[0]!;
    // CORS preflights are the browser's, not operations of the API.
    if (!path.startsWith('/api/v1/') || path === '/api/v1/openapi.json' || seen.method === 'OPTIONS')
      return null;
    const decoded = path
      .split('/')
      .map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          return part;
        }
      })
      .join('/');
    const operation = this.#operations
      .get(seen.method.toUpperCase())
      ?.find((op) => op.pattern.test(path) || op.pattern.test(decoded));
    const where = `${seen.method} ${path} → ${seen.status}`;
    if (!operation) {
      // Express answers unknown routes and methods with the contract's 404/405 itself.
      return seen.status === 404 || seen.status === 405
        ? null
        : `${where}: no such operation in the document`;
    }
    const response = operation.responses[String(seen.status)] ?? operation.responses.default;
    if (!response) return `${where}: status not in the document for ${operation.template}`;
    const schema = response.content?.['application/json']?.schema;
    if (schema === undefined) return null;
    if (seen.body === null || typeof seen.body !== 'object') {
      return `${where}: the document promises a JSON body, got ${JSON.stringify(seen.body)?.slice(0, 80)}`;
    }
    const key = `${seen.method} ${operation.template} ${seen.status in operation.responses ? seen.status : 'default'}`;
    let validate = this.#validators.get(key);
    if (!validate) {
      // The document's components ride along, so `#/components/...` references resolve.
      validate = this.#ajv.compile({ ...(schema as object), components: this.#components });
      this.#validators.set(key, validate);
    }
    if (validate(seen.body)) return null;
    const errors = (validate.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
      .join('; ');
    return `${where} (${operation.template}): ${errors}`;
  }
}
