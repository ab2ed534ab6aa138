import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeReason } from './reasons.js';
import { riskModelLine, riskPercent, ruleLabel } from './views/labels.js';
import { en } from './strings/en.js';
import { nb } from './strings/nb.js';
import { nn } from './strings/nn.js';

test('a reason with params is said in the dashboard language', () => {
  const links = {
    rule: 'too_many_links',
    detail: '3 links; the site allows 1',
    params: { links: 3, max: 1 },
  };
  assert.equal(describeReason(links, nb), '3 lenker; nettstedet tillater 1');
  assert.equal(describeReason(links, en), '3 links; the site allows 1');
  const term = { rule: 'banned_term', category: 'profanity', detail: '…', params: { term: 'faen' } };
  assert.equal(describeReason(term, nb), '«faen» (banning)');
});

test('a variant of a rule (the kind of personal information, the scope of pre-moderation) picks its sentence', () => {
  const phone = { rule: 'personal_info', detail: '…', params: { kind: 'phone' } };
  assert.equal(describeReason(phone, nb), 'norsk telefonnummer');
  const site = { rule: 'premoderation', detail: '…', params: { kind: 'site' } };
  assert.equal(describeReason(site, nb), 'hele nettstedet forhåndsmodereres');
});

test('reasons stored without params, or from an unknown rule, show the engine detail', () => {
  assert.equal(
    describeReason({ rule: 'shouting', detail: '80 % of 30 letters are capitals' }, nb),
    '80 % of 30 letters are capitals',
  );
  assert.equal(
    describeReason({ rule: 'new_rule', detail: 'Something new', params: { x: 1 } }, nb),
    'Something new',
  );
});

test("the risk model's hold is said with its score and the site's threshold in whole percent", () => {
  const held = {
    rule: 'risk_model',
    detail: "Risk score 0.87 at or above the site's threshold 0.8",
    params: { score: 0.8731, threshold: 0.8, modelVersion: 40 },
  };
  assert.equal(describeReason(held, nb), 'risiko 87 %; nettstedet holder tilbake fra 80 %');
  assert.equal(describeReason(held, nn), 'risiko 87 %; nettstaden held tilbake frå 80 %');
  assert.equal(describeReason(held, en), 'risk 87 %; the site holds from 80 %');
});

test('the risk panel says what a score was learnt from: the base model alone, one decision, many', () => {
  // Said of the score, not of the site now: an item scored before the first decision keeps its
  // base-model score after the site has decided hundreds ("har ikke tatt noen avgjørelser ennå" misled).
  assert.equal(
    riskModelLine(0, nb),
    'Ordskiftes grunnmodell: regnet ut før modellen hadde lært av nettstedets avgjørelser',
  );
  assert.equal(
    riskModelLine(0, nn),
    'Grunnmodellen til Ordskifte: rekna ut før modellen hadde lært av avgjerdene til nettstaden',
  );
  assert.equal(
    riskModelLine(0, en),
    "Ordskifte's base model: scored before the model had learnt from this site's decisions",
  );
  assert.equal(riskModelLine(1, en), 'the model has learnt from one decision');
  assert.equal(riskModelLine(40, nb), 'modellen har lært av 40 avgjørelser');
});

test('the risk panel never shows a score as certain: 0 and 100 % read 1 and 99 %', () => {
  assert.deepEqual([0, 0.004, 0.006, 0.5, 0.994, 0.996, 1].map(riskPercent), [1, 1, 1, 50, 99, 99, 99]);
});

test("an opinion piece's reasons of its own (a duplicate, a reply) are said in the editor's language", () => {
  // As the service stores them (src/submissions/submission-service.ts): the workbench showed the
  // English detail, with an object id and an ISO time, to Norwegian editors.
  const duplicate = {
    rule: 'duplicate',
    detail:
      'Same text as submission 6b17109aa814f5d9c0f3abc2, received 2026-12-07T20:01:31.390Z from the same writer',
    params: { kind: 'piece_same_writer' },
  };
  assert.equal(describeReason(duplicate, nb), 'samme tekst som et tidligere innlegg fra samme skribent');
  assert.equal(
    describeReason({ ...duplicate, params: { kind: 'piece_other_name' } }, nn),
    'same tekst som eit tidlegare innlegg under eit anna namn',
  );
  const reply = {
    rule: 'reply',
    detail: 'A reply to “Bussen” by Kari: if the writer is the one it concerns, they have a right of reply',
    params: { title: 'Bussen', author: 'Kari' },
  };
  assert.equal(
    describeReason(reply, nb),
    'svar på «Bussen» av Kari; gjelder innlegget skribenten, har vedkommende rett til tilsvar',
  );
  assert.equal(ruleLabel('reply', nn), 'Svar på eit innlegg');
  assert.equal(ruleLabel('reply', en), 'Reply to a piece');
});
