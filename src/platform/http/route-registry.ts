import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Express path relative to the router's mount point, e.g. `/articles/:articleId/comments`. */
  path: string;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  headers?: Record<string, { description: string; required?: boolean }>;
  auth?: boolean;
  responses: Record<number, ResponseSpec>;
}

export interface Validated<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

type Handler<P, Q, B> = (input: Validated<P, Q, B>, req: Request, res: Response) => Promise<void> | void;

interface RegisteredRoute {
  fullPath: string;
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
}

/** Turns zod issues into the contract's `details` entries. */
export function zodDetails(where: string, error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const result = schema.safeParse(value);
  if (!result.success) {
    const label =
      where === 'params' ? 'path parameters are' : where === 'query' ? 'query parameters are' : 'body is';
    throw new AppError('validation_failed', `The request ${label} not valid.`, {
      details: zodDetails(where, result.error),
    });
  }
  return result.data;
}

interface UrlParts {
  params: unknown;
  query: unknown;
}

/** URLs a GET route keeps the checked path and query parameters of (see BoundedMemo). */
const MEMO_URLS = 1000;

/**
 * The path and query parameters a GET route's schemas made of a URL, by the URL: the same
 * URL, the same parameters, so readers asking for the same page (most of an uncached GET's
 * traffic) are not checked by zod again (about 3 % of an uncached GET's CPU: docs/PERFORMANCE.md,
 * "GET path, fifth round"). Only what passed is kept, frozen (a handler that changed its
 * input would change the next request's: it throws instead), and at most MEMO_URLS of them:
 * past that the memo starts again, so URLs that never repeat cost one check each, as before.
 */
class BoundedMemo<T extends UrlParts> {
  readonly #entries = new Map<string, T>();

  get(url: string): T | undefined {
    return this.#entries.get(url);
  }

  set(url: string, parts: T): void {
    if (this.#entries.size >= MEMO_URLS) this.#entries.clear();
    if (parts.params && typeof parts.params === 'object') Object.freeze(parts.params);
    if (parts.query && typeof parts.query === 'object') Object.freeze(parts.query);
    this.#entries.set(url, parts);
  }
}

/**
 * One place that both validates requests and describes them: every route is
 * declared with zod schemas, which check the request at run time and generate
 * the OpenAPI document served at /api/v1/openapi.json.
 */
export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];

  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
    router: Router,
    mountPath: string,
    spec: RouteSpec<P, Q, B>,
    ...chain: [...RequestHandler[], Handler<z.infer<P>, z.infer<Q>, z.infer<B>>]
  ): void {
    const handler = chain.pop() as Handler<z.infer<P>, z.infer<Q>, z.infer<B>>;
    const middleware = chain as RequestHandler[];
    const fullPath = mountPath + spec.path;
    this.routes.push({ fullPath, spec: spec as RegisteredRoute['spec'] });
    const label: RequestHandler = (_req, res, next) => {
      res.locals.routePattern = fullPath; // for metrics: the pattern, never the raw URL
      next();
    };
    const parsed =
      spec.method === 'get' && !spec.body
        ? new BoundedMemo<{ params: z.infer<P>; query: z.infer<Q> }>()
        : null;
    router[spec.method](
      spec.path,
      label,
      ...middleware,
      async (req: Request, res: Response, next: NextFunction) => {
        try {
          let parts = parsed?.get(req.originalUrl);
          if (!parts) {
            parts = {
              params: parsePart(spec.params, req.params, 'params'),
              query: parsePart(spec.query, req.query, 'query'),
            };
            parsed?.set(req.originalUrl, parts);
          }
          const body = parsePart(spec.body, req.body, 'body');
          await handler({ params: parts.params, query: parts.query, body }, req, res);
        } catch (err) {
          next(err);
        }
      },
    );
  }

  /** The OpenAPI 3.1 document for every registered route. */
  openApi(info: { title: string; version: string }): Record<string, unknown> {
    const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
      z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
    const paths: Record<string, Record<string, unknown>> = {};
    for (const { fullPath, spec } of this.routes) {
      const path = fullPath.replace(/:([A-Za-z]+)/g, '{$1}');
      const parameters: unknown[] = [];
      const addParams = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
        if (!schema) return;
        const json = toSchema(schema, 'input') as {
          properties?: Record<string, unknown>;
          required?: string[];
        };
        for (const [name, property] of Object.entries(json.properties ?? {})) {
          parameters.push({
            name,
            in: where,
            required: where === 'path' || (json.required ?? []).includes(name),
            schema: property,
          });
        }
      };
      addParams(spec.params, 'path');
      addParams(spec.query, 'query');
      for (const [name, header] of Object.entries(spec.headers ?? {})) {
        parameters.push({
          name,
          in: 'header',
          required: header.required ?? false,
          description: header.description,
          schema: { type: 'string' },
        });
      }
      const responses: Record<string, unknown> = {};
      for (const [status, response] of Object.entries(spec.responses)) {
        responses[status] = {
          description: response.description,
          ...(response.schema
            ? { content: { 'application/json': { schema: toSchema(response.schema, 'output') } } }
            : {}),
        };
      }
      responses.default = {
        description: 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
      paths[path] ??= {};
      paths[path][spec.method] = {
        summary: spec.summary,
        tags: spec.tags,
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(spec.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: toSchema(spec.body, 'input') } },
              },
            }
          : {}),
        ...(spec.auth ? { security: [{ bearer: [] }, { cookie: [] }] } : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'ordskifte_session' },
        },
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: {
              error: {
                type: 'object',
                required: ['code', 'message', 'details'],
                properties: {
                  code: { type: 'string' },
                  message: { type: 'string' },
                  details: { type: 'array', items: {} },
                },
              },
            },
          },
        },
      },
    };
  }
}
