import type { SiteEventLog } from '../events/site-event-log.js';
import type { EventPublisher } from '../realtime/publisher.js';
import { toModComment } from './comment.js';
import type { CommentRepository } from './comment.repository.js';

/** Comment ids read (and looked up in the event log) per page. */
const PAGE = 1000;

export interface CreatedEventSweepOptions {
  /** How far back the first run (at start) looks: a crash this long before the start is recovered. */
  lookbackMs: number;
  /**
   * Comments whose id is younger than this are left to their own request: a comment is stored
   * within its request's deadline of its id being made, and its event follows within the linger.
   */
  graceMs: number;
}

/**
 * A new comment's `comment.created` event is logged after the post is answered
 * (CommentService: it lingers to share an insert). A process that ends in between
 * leaves a stored, acknowledged comment with no event, which the moderators'
 * catch-up by seq would never show. This sweep finds such comments and logs their
 * events, on start (looking back `lookbackMs`) and then every run over the ids made
 * since the last run (each comment's id is read once per instance), `graceMs` behind
 * the clock. Every instance sweeps every comment, so another instance recovers what a
 * crashed one left. An event is never logged twice: the event log holds one
 * `comment.created` per comment (a unique partial index), and the loser of a race
 * (the post's own event, or another instance's sweep) is dropped, not renumbered.
 */
export class CreatedEventSweep {
  /** Comments whose id was made before this (ms) have been swept by this instance. */
  #coveredTo: number | null = null;

  constructor(
    private readonly deps: {
      comments: CommentRepository;
      eventLog: SiteEventLog;
      publisher: Pick<EventPublisher, 'siteEvent'>;
    },
    private readonly options: CreatedEventSweepOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** One run: logs the missing events of the comments made since the last run; how many. */
  async run(): Promise<number> {
    const to = this.now() - this.options.graceMs;
    const from = this.#coveredTo ?? this.now() - this.options.lookbackMs;
    if (to <= from) return 0;
    const logged = await this.logMissing(new Date(from), new Date(to));
    this.#coveredTo = to;
    return logged;
  }

  /** Logs `comment.created` for each comment made in [from, to) that has none; how many. */
  async logMissing(from: Date, to: Date): Promise<number> {
    const { comments, eventLog, publisher } = this.deps;
    let logged = 0;
    let after: string | undefined;
    for (;;) {
      const ids = await comments.idsMadeBetween(from, to, PAGE, after);
      if (ids.length === 0) break;
      after = ids.at(-1);
      const announced = await eventLog.createdEventsOf(ids);
      for (const id of ids) {
        if (announced.has(id)) continue;
        const comment = await comments.findById(id);
        if (!comment) continue; // erased meanwhile
        const histories = await comments.authorHistories(comment.siteId, [comment.authorKey]);
        await publisher.siteEvent(
          comment.siteId,
          'comment.created',
          toModComment(comment, histories.get(comment.authorKey)!),
        );
        logged++;
      }
      if (ids.length < PAGE) break;
    }
    return logged;
  }
}
