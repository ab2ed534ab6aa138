/**
 * Query shapes and the index rule they must satisfy, for the index-coverage
 * test. A shape is what a query asks of an index: equality fields, sort
 * fields (in order, with direction) and range fields. A shape is answered by
 * an index when the index starts with every equality field (any order), then
 * has the sort fields in order (all directions equal or all reversed), or,
 * without a sort, continues with one of the range fields, which bounds the
 * scan (the ESR rule). A `$or` becomes one shape per branch, each of which
 * must be answered.
 */
import type { Connection } from 'mongoose';

export type Direction = 1 | -1;
export type IndexKey = [field: string, direction: Direction];

export interface QueryShape {
  collection: string;
  method: string;
  equality: string[];
  sort: IndexKey[];
  range: string[];
  /** Operators no index answers ($where, $expr, $text, $nor...). */
  unindexable: string[];
}

export interface DeclaredIndex {
  keys: IndexKey[];
  unique: boolean;
}

const RANGE_OPERATORS = new Set([
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$ne',
  '$nin',
  '$exists',
  '$not',
  '$regex',
  '$type',
]);
const UNINDEXABLE = new Set(['$where', '$expr', '$text', '$nor', '$jsonSchema', '$mod', '$elemMatch']);

type Filter = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

interface Conditions {
  equality: Set<string>;
  range: Set<string>;
  unindexable: Set<string>;
}

/** Splits a filter into its `$or`-free alternatives (the cross product of every `$or`). */
function alternatives(filter: Filter): Filter[] {
  let branches: Filter[] = [{}];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value as Filter[]) {
        const inner = alternatives(part);
        branches = branches.flatMap((b) => inner.map((i) => ({ ...b, ...i })));
      }
    } else if (key === '$or' && Array.isArray(value)) {
      const options = (value as Filter[]).flatMap(alternatives);
      branches = branches.flatMap((b) => options.map((o) => ({ ...b, ...o })));
    } else {
      for (const b of branches) b[key] = value;
    }
  }
  return branches;
}

function conditionsOf(filter: Filter): Conditions {
  const c: Conditions = { equality: new Set(), range: new Set(), unindexable: new Set() };
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith('$')) {
      c.unindexable.add(field);
      continue;
    }
    if (!isPlainObject(value) || !Object.keys(value).some((k) => k.startsWith('$'))) {
      c.equality.add(field);
      continue;
    }
    for (const op of Object.keys(value)) {
      if (op === '$eq' || op === '$in') c.equality.add(field);
      else if (RANGE_OPERATORS.has(op)) c.range.add(field);
      else if (UNINDEXABLE.has(op)) c.unindexable.add(`${field}.${op}`);
      else c.range.add(field);
    }
  }
  for (const field of c.equality) c.range.delete(field);
  return c;
}

/** The shapes of one query (one per `$or` branch). */
export function shapesOf(
  collection: string,
  method: string,
  filter: Filter,
  sort: Record<string, unknown> | undefined,
): QueryShape[] {
  const sortKeys: IndexKey[] = Object.entries(sort ?? {}).map(([field, dir]) => [
    field,
    dir === -1 || dir === 'desc' || dir === 'descending' ? -1 : 1,
  ]);
  return alternatives(filter).map((branch) => {
    const c = conditionsOf(branch);
    return {
      collection,
      method,
      equality: [...c.equality].sort(),
      sort: sortKeys.filter(([field]) => !c.equality.has(field)),
      range: [...c.range].sort(),
      unindexable: [...c.unindexable].sort(),
    };
  });
}

/** Whether `index` answers `shape` by the ESR rule (see the file comment). */
export function indexAnswers(index: DeclaredIndex, shape: QueryShape): boolean {
  const keys = index.keys;
  const equality = new Set(shape.equality);
  if (shape.unindexable.length > 0) return false;
  // Nothing to seek or order by: a collection scan, whatever the indexes.
  if (equality.size === 0 && shape.sort.length === 0 && shape.range.length === 0) return false;
  // A point lookup on every field of a unique index (e.g. _id) needs nothing more.
  if (index.unique && keys.every(([field]) => equality.has(field))) return true;
  let i = 0;
  while (i < keys.length && equality.has(keys[i]![0])) i++;
  const prefix = new Set(keys.slice(0, i).map(([field]) => field));
  if (shape.equality.some((field) => !prefix.has(field))) return false;
  if (shape.sort.length > 0) {
    const flip = keys[i]?.[1] === shape.sort[0]![1] ? 1 : -1;
    for (const [field, direction] of shape.sort) {
      const key = keys[i];
      if (!key || key[0] !== field || key[1] * flip !== direction) return false;
      i++;
    }
  } else if (shape.range.length > 0 && !shape.range.includes(keys[i]?.[0] ?? '')) {
    return false;
  }
  // Further range conditions may be checked on the documents the bounded scan finds.
  return true;
}

export const describeShape = (s: QueryShape) =>
  `${s.collection}.${s.method} eq{${s.equality.join(',')}} sort{${s.sort
    .map(([f, d]) => `${f}:${d}`)
    .join(
      ',',
    )}} range{${s.range.join(',')}}${s.unindexable.length ? ` UNINDEXABLE{${s.unindexable.join(',')}}` : ''}`;

/** Turns mongoose's debug callback arguments into shapes; null for commands that are not queries. */
export function shapesFromDebug(collection: string, method: string, args: unknown[]): QueryShape[] | null {
  const [first, second, third] = args as [unknown, unknown, unknown];
  const options = (o: unknown) => (isPlainObject(o) ? o : {});
  switch (method) {
    case 'find':
    case 'findOne':
    case 'countDocuments':
    case 'deleteOne':
    case 'deleteMany':
    case 'findOneAndDelete':
      return shapesOf(collection, method, options(first), options(second).sort as Filter | undefined);
    case 'findOneAndUpdate':
    case 'findOneAndReplace':
    case 'updateOne':
    case 'updateMany':
    case 'replaceOne':
      return shapesOf(collection, method, options(first), options(third).sort as Filter | undefined);
    case 'distinct':
      return shapesOf(collection, method, options(second), undefined);
    case 'aggregate':
      return pipelineShapes(collection, method, Array.isArray(first) ? (first as Filter[]) : []);
    case 'bulkWrite': {
      const ops = Array.isArray(first) ? (first as Filter[]) : [];
      return ops.flatMap((op) => {
        const [kind, spec] = Object.entries(op)[0] ?? [];
        const filter = isPlainObject(spec) ? spec.filter : undefined;
        return kind && filter ? shapesOf(collection, `bulkWrite.${kind}`, options(filter), undefined) : [];
      });
    }
    default:
      return null;
  }
}

/**
 * A pipeline's leading $match (and the $sort after it), and those of its `$unionWith`
 * sub-pipelines: each sub-pipeline is a query of its own, answered by an index or not.
 */
function pipelineShapes(collection: string, method: string, pipeline: Filter[]): QueryShape[] {
  const match = pipeline[0]?.$match;
  const sort = match ? pipeline[1]?.$sort : pipeline[0]?.$sort;
  const own: QueryShape[] = match
    ? shapesOf(collection, method, isPlainObject(match) ? match : {}, isPlainObject(sort) ? sort : undefined)
    : [
        {
          collection,
          method,
          equality: [],
          sort: [],
          range: [],
          unindexable: ['aggregate without a leading $match'],
        },
      ];
  const unions = pipeline.flatMap((stage) => {
    const union = stage.$unionWith;
    if (typeof union === 'string') return pipelineShapes(union, `${method}.$unionWith`, []);
    if (!isPlainObject(union) || typeof union.coll !== 'string') return [];
    const sub = Array.isArray(union.pipeline) ? (union.pipeline as Filter[]) : [];
    return pipelineShapes(union.coll, `${method}.$unionWith`, sub);
  });
  return [...own, ...unions];
}

/** Every index a collection's schema declares, plus the implicit unique `_id` index. */
export function declaredIndexes(connection: Connection): Map<string, DeclaredIndex[]> {
  const byCollection = new Map<string, DeclaredIndex[]>();
  for (const model of Object.values(connection.models)) {
    const list: DeclaredIndex[] = [{ keys: [['_id', 1]], unique: true }];
    for (const [fields, options] of model.schema.indexes()) {
      const keys = Object.entries(fields).filter(([, dir]) => dir === 1 || dir === -1) as IndexKey[];
      if (keys.length > 0) list.push({ keys, unique: Boolean((options as { unique?: boolean }).unique) });
    }
    byCollection.set(model.collection.collectionName, list);
  }
  return byCollection;
}
