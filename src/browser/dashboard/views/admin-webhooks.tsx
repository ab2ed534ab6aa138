import { useSignalEffect } from '@preact/signals';
import { fill } from '../../shared/i18n.js';
import { deliveries, loadDeliveries, retryDelivery } from '../state/admin.js';
import { formatDate } from '../state/format.js';
import { lang, site, t } from '../state/session.js';
import type { Strings } from '../strings/index.js';

/** The webhook delivery log of the chosen site: every attempt, and a retry for those that gave up. */
export function AdminWebhooksView() {
  const s = t.value;
  useSignalEffect(() => {
    void loadDeliveries(site.value);
  });
  const list = deliveries.value;
  return (
    <section class="panel admin-wide" aria-labelledby="hooks-title">
      <h2 id="hooks-title">{fill(s.webhooksTitle, { site: site.value })}</h2>
      {!list ? (
        <p>{s.loading}</p>
      ) : list.length === 0 ? (
        <p class="empty">{s.noDeliveries}</p>
      ) : (
        <ul class="deliveries">
          {list.map((d) => (
            <li key={d.id} data-delivery={d.id}>
              <p>
                <span class={`tag ${d.status === 'failed' ? 'warn' : ''}`}>{s[`delivery_${d.status}`]}</span>{' '}
                {fill(s.deliverySummary, {
                  event: eventName(d.event, s),
                  when: formatDate(d.createdAt, lang.value),
                  n: d.attempts,
                })}
                {d.nextAttemptAt &&
                  ` · ${fill(s.deliveryNext, { when: formatDate(d.nextAttemptAt, lang.value) })}`}
              </p>
              {d.status === 'failed' && (
                <button type="button" onClick={() => void retryDelivery(site.peek(), d.id)}>
                  {s.deliveryRetry}
                </button>
              )}
              {d.history.length > 0 && (
                <details>
                  <summary>{s.deliveryAttempts}</summary>
                  <ol class="audit">
                    {d.history.map((a) => (
                      <li key={a.attempt}>
                        {fill(s.deliveryAttempt, {
                          when: formatDate(a.at, lang.value),
                          status: a.statusCode ?? '–',
                          ms: a.durationMs,
                        })}
                        {a.error && <code>{` ${a.error}`}</code>}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A webhook event in the UI language ('submission.published' is the wire name); an unknown one by its code. */
function eventName(event: string, s: Strings): string {
  return (s as unknown as Record<string, string | undefined>)[`hook_${event.replace(/\./g, '_')}`] ?? event;
}
