import { z } from 'zod';

/**
 * The per-site catalogue of reasons a comment can be turned down for. A
 * moderator picks one (`reasonCode` on a reject action); the engine's and the
 * notice flow's decisions map onto one. Each entry says whether the ground is
 * the site's own rules (`terms`) or the law (`law`), with a reference and an
 * explanation in Bokmål, Nynorsk and English: that is what the statement of
 * reasons (DSA Art. 17) tells the writer.
 */
export const reasonCodeSchema = z
  .string()
  .regex(/^[a-z0-9_]{2,40}$/, 'a reason code is 2-40 of a-z, 0-9 and _');

const threeLanguages = (max: number) =>
  z.object({
    nb: z.string().trim().min(1).max(max),
    nn: z.string().trim().min(1).max(max),
    en: z.string().trim().min(1).max(max),
  });

export const rejectReasonSchema = z.object({
  code: reasonCodeSchema,
  labels: threeLanguages(100),
  ground: z.object({
    type: z.enum(['terms', 'law']),
    reference: z.string().trim().min(1).max(300),
    explanation: threeLanguages(2000),
  }),
});

export type RejectReason = z.infer<typeof rejectReasonSchema>;
export type Language = 'nb' | 'nn' | 'en';

export const rejectReasonsSchema = z
  .array(rejectReasonSchema)
  .min(1)
  .max(100)
  .refine((list) => new Set(list.map((r) => r.code)).size === list.length, 'every code must be unique');

const RULES_NB = 'Debattreglene';

const terms = (
  code: string,
  labels: RejectReason['labels'],
  reference: string,
  explanation: RejectReason['ground']['explanation'],
): RejectReason => ({ code, labels, ground: { type: 'terms', reference, explanation } });

const law = (
  code: string,
  labels: RejectReason['labels'],
  reference: string,
  explanation: RejectReason['ground']['explanation'],
): RejectReason => ({ code, labels, ground: { type: 'law', reference, explanation } });

/**
 * The defaults every new site starts with (and sites made before the
 * catalogue existed fall back to). The site's rules come first, then the
 * law: a newsroom removes far more for breaking its rules than for crimes.
 */
export const DEFAULT_REJECT_REASONS: readonly RejectReason[] = [
  terms(
    'site_rules',
    { nb: 'Brudd på debattreglene', nn: 'Brot på debattreglane', en: 'Breach of the debate rules' },
    RULES_NB,
    {
      nb: 'Kommentaren følger ikke debattreglene våre for kommentarfeltet.',
      nn: 'Kommentaren følgjer ikkje debattreglane våre for kommentarfeltet.',
      en: 'The comment does not follow our debate rules for the comment section.',
    },
  ),
  terms(
    'offensive_language',
    { nb: 'Grovt språk', nn: 'Grovt språk', en: 'Offensive language' },
    `${RULES_NB}: saklig og høflig språk`,
    {
      nb: 'Vi publiserer ikke banning, grove eller seksualiserte ord og sjikane.',
      nn: 'Vi publiserer ikkje banning, grove eller seksualiserte ord og sjikane.',
      en: 'We do not publish swearing, vulgar or sexualised language or abuse.',
    },
  ),
  terms(
    'personal_attack',
    { nb: 'Personangrep', nn: 'Personåtak', en: 'Personal attack' },
    `${RULES_NB}: angrip saken, ikke personen`,
    {
      nb: 'Kritiser meninger og argumenter, ikke personer. Hets og personangrep mot andre debattanter eller personer i saken publiseres ikke.',
      nn: 'Kritiser meiningar og argument, ikkje personar. Hets og personåtak mot andre debattantar eller personar i saka blir ikkje publiserte.',
      en: 'Criticise opinions and arguments, not people. Abuse and personal attacks on other commenters or people in the story are not published.',
    },
  ),
  terms(
    'discrimination',
    { nb: 'Nedsettende om grupper', nn: 'Nedsetjande om grupper', en: 'Degrading about groups' },
    `${RULES_NB}: ingen nedsettende ord om grupper`,
    {
      nb: 'Vi publiserer ikke skjellsord eller nedsettende omtale av mennesker på grunn av hudfarge, etnisitet, religion, kjønn, seksuell orientering, kjønnsidentitet eller funksjonsevne.',
      nn: 'Vi publiserer ikkje skjellsord eller nedsetjande omtale av menneske på grunn av hudfarge, etnisitet, religion, kjønn, seksuell orientering, kjønnsidentitet eller funksjonsevne.',
      en: 'We do not publish slurs or degrading statements about people because of their skin colour, ethnicity, religion, gender, sexual orientation, gender identity or disability.',
    },
  ),
  terms(
    'violence',
    { nb: 'Trusler og vold', nn: 'Truslar og vald', en: 'Threats and violence' },
    `${RULES_NB}: ingen trusler eller oppfordring til vold`,
    {
      nb: 'Vi publiserer ikke trusler, ønsker om at noen skal skades eller oppfordringer til vold.',
      nn: 'Vi publiserer ikkje truslar, ønske om at nokon skal skadast eller oppmodingar til vald.',
      en: 'We do not publish threats, wishes that someone be harmed or calls for violence.',
    },
  ),
  terms(
    'personal_data',
    { nb: 'Personopplysninger', nn: 'Personopplysningar', en: 'Personal data' },
    `${RULES_NB}: ikke del personopplysninger`,
    {
      nb: 'Vi publiserer ikke fødselsnummer, telefonnumre, adresser eller andre personopplysninger om deg selv eller andre.',
      nn: 'Vi publiserer ikkje fødselsnummer, telefonnummer, adresser eller andre personopplysningar om deg sjølv eller andre.',
      en: 'We do not publish national identity numbers, phone numbers, addresses or other personal data about you or others.',
    },
  ),
  terms(
    'spam',
    { nb: 'Reklame og spam', nn: 'Reklame og spam', en: 'Advertising and spam' },
    `${RULES_NB}: ingen reklame`,
    {
      nb: 'Kommentarfeltet er for debatt om saken, ikke for reklame, lenkespam eller massepostede meldinger.',
      nn: 'Kommentarfeltet er for debatt om saka, ikkje for reklame, lenkjespam eller massepostar.',
      en: 'The comment section is for debating the story, not for advertising, link spam or mass-posted messages.',
    },
  ),
  terms(
    'duplicate',
    { nb: 'Gjentatt kommentar', nn: 'Gjenteken kommentar', en: 'Repeated comment' },
    `${RULES_NB}: ikke post det samme flere ganger`,
    {
      nb: 'Du har nylig sendt den samme kommentaren. Vi publiserer den bare én gang.',
      nn: 'Du har nyleg sendt den same kommentaren. Vi publiserer han berre éin gong.',
      en: 'You recently sent the same comment. We publish it only once.',
    },
  ),
  terms(
    'length',
    { nb: 'For lang eller for kort', nn: 'For lang eller for kort', en: 'Too long or too short' },
    `${RULES_NB}: lengde`,
    {
      nb: 'Kommentaren er lengre eller kortere enn kommentarfeltet tillater. Lengre tekster kan sendes som leserinnlegg.',
      nn: 'Kommentaren er lengre eller kortare enn kommentarfeltet tillèt. Lengre tekstar kan sendast som lesarinnlegg.',
      en: 'The comment is longer or shorter than the comment section allows. Longer texts can be sent as an opinion piece.',
    },
  ),
  terms(
    'off_topic',
    { nb: 'Utenfor saken', nn: 'Utanfor saka', en: 'Off topic' },
    `${RULES_NB}: hold deg til saken`,
    {
      nb: 'Kommentaren handler ikke om saken den står under.',
      nn: 'Kommentaren handlar ikkje om saka han står under.',
      en: 'The comment is not about the story it was posted under.',
    },
  ),
  terms(
    'press_ethics',
    { nb: 'Brudd på presseetikken', nn: 'Brot på presseetikken', en: 'Breach of press ethics' },
    'Vær Varsom-plakaten (4.17) og redaktøransvaret',
    {
      nb: 'Redaksjonen har ansvar for det som publiseres, også i kommentarfeltet. Kommentaren bryter med presseetikken, for eksempel ved å identifisere noen som ikke skal identifiseres, eller ved å fremsette udokumenterte beskyldninger.',
      nn: 'Redaksjonen har ansvar for det som blir publisert, også i kommentarfeltet. Kommentaren bryt med presseetikken, til dømes ved å identifisere nokon som ikkje skal identifiserast, eller ved å kome med udokumenterte skuldingar.',
      en: 'The newsroom is responsible for what it publishes, the comment section included. The comment breaks press ethics, for example by identifying someone who must not be identified, or by making undocumented accusations.',
    },
  ),
  terms(
    'banned_author',
    { nb: 'Utestengt fra debatten', nn: 'Utestengd frå debatten', en: 'Excluded from the debate' },
    `${RULES_NB}: gjentatte brudd`,
    {
      nb: 'Du er utestengt fra kommentarfeltet etter gjentatte eller alvorlige brudd på debattreglene.',
      nn: 'Du er utestengd frå kommentarfeltet etter gjentekne eller alvorlege brot på debattreglane.',
      en: 'You have been excluded from the comment section after repeated or serious breaches of the debate rules.',
    },
  ),
  law(
    'hate_speech',
    { nb: 'Hatefulle ytringer', nn: 'Hatefulle ytringar', en: 'Hate speech' },
    'straffeloven § 185',
    {
      nb: 'Kommentaren kan være en straffbar hatefull ytring: den truer eller forhåner noen, eller fremmer hat, forfølgelse eller ringeakt, på grunn av hudfarge, etnisitet, religion, livssyn, seksuell orientering, kjønnsidentitet eller -uttrykk eller nedsatt funksjonsevne.',
      nn: 'Kommentaren kan vere ei straffbar hatefull ytring: han trugar eller forhånar nokon, eller fremjar hat, forfølging eller ringeakt, på grunn av hudfarge, etnisitet, religion, livssyn, seksuell orientering, kjønnsidentitet eller -uttrykk eller nedsett funksjonsevne.',
      en: 'The comment may be criminal hate speech under the Norwegian Penal Code: it threatens or insults someone, or promotes hatred, persecution or contempt, because of their skin colour, ethnicity, religion, belief, sexual orientation, gender identity or expression, or disability.',
    },
  ),
  law('threat', { nb: 'Trusler', nn: 'Truslar', en: 'Threats' }, 'straffeloven § 263', {
    nb: 'Kommentaren kan være en straffbar trussel: å true med straffbar handling under slike omstendigheter at trusselen er egnet til å fremkalle alvorlig frykt.',
    nn: 'Kommentaren kan vere ein straffbar trussel: å truge med straffbar handling under slike omstende at trusselen er eigna til å framkalle alvorleg frykt.',
    en: 'The comment may be a criminal threat under the Norwegian Penal Code: threatening a criminal act in circumstances that can cause serious fear.',
  }),
  law(
    'harassment',
    { nb: 'Hensynsløs atferd', nn: 'Hensynslaus åtferd', en: 'Harassment' },
    'straffeloven § 266',
    {
      nb: 'Kommentaren kan rammes av forbudet mot å forfølge noen eller krenke en annens fred ved skremmende, plagsom eller annen hensynsløs atferd.',
      nn: 'Kommentaren kan rammast av forbodet mot å forfølgje nokon eller krenkje fred til ein annan ved skremmande, plagsam eller anna hensynslaus åtferd.',
      en: 'The comment may fall under the ban on pursuing someone or violating their peace by frightening, harassing or other reckless behaviour (Norwegian Penal Code).',
    },
  ),
  law(
    'privacy_violation',
    { nb: 'Krenkelse av privatlivets fred', nn: 'Krenking av privatlivets fred', en: 'Violation of privacy' },
    'straffeloven §§ 267 og 267 a',
    {
      nb: 'Kommentaren kan krenke privatlivets fred ved å gjøre kjent opplysninger om noens personlige forhold, eller ved å dele bilder, film eller lydopptak som krenker privatlivet.',
      nn: 'Kommentaren kan krenkje privatlivets fred ved å gjere kjent opplysningar om personlege forhold til nokon, eller ved å dele bilete, film eller lydopptak som krenkjer privatlivet.',
      en: "The comment may violate someone's privacy by disclosing their personal affairs, or by sharing images, film or sound recordings that violate their privacy (Norwegian Penal Code).",
    },
  ),
  law(
    'defamation',
    { nb: 'Ærekrenkelse', nn: 'Ærekrenking', en: 'Defamation' },
    'skadeserstatningsloven § 3-6 a',
    {
      nb: 'Kommentaren kan være ærekrenkende: den fremsetter påstander som kan skade noens gode navn og rykte eller tillit, uten at de er dokumentert.',
      nn: 'Kommentaren kan vere ærekrenkjande: han kjem med påstandar som kan skade godt namn og rykte eller tillit til nokon, utan at dei er dokumenterte.',
      en: "The comment may be defamatory: it makes undocumented claims that can harm someone's good name, reputation or trust (Norwegian Compensatory Damages Act).",
    },
  ),
  law(
    'terrorism',
    { nb: 'Terrorrelatert innhold', nn: 'Terrorrelatert innhald', en: 'Terrorist content' },
    'straffeloven § 136',
    {
      nb: 'Kommentaren kan være en straffbar oppfordring til, eller rekruttering til, terrorhandlinger.',
      nn: 'Kommentaren kan vere ei straffbar oppmoding til, eller rekruttering til, terrorhandlingar.',
      en: 'The comment may be criminal incitement to, or recruitment for, terrorist acts (Norwegian Penal Code).',
    },
  ),
  law(
    'child_sexual_abuse',
    { nb: 'Seksualisering av barn', nn: 'Seksualisering av barn', en: 'Sexualisation of children' },
    'straffeloven § 311',
    {
      nb: 'Innholdet kan være en straffbar fremstilling som seksualiserer barn.',
      nn: 'Innhaldet kan vere ei straffbar framstilling som seksualiserer barn.',
      en: 'The content may be criminal material that sexualises children (Norwegian Penal Code).',
    },
  ),
  law(
    'other_illegal',
    { nb: 'Annet ulovlig innhold', nn: 'Anna ulovleg innhald', en: 'Other illegal content' },
    'norsk lov',
    {
      nb: 'Innholdet er etter redaksjonens vurdering ulovlig etter norsk lov.',
      nn: 'Innhaldet er etter vurderinga til redaksjonen ulovleg etter norsk lov.',
      en: 'In the newsroom’s assessment the content is illegal under Norwegian law.',
    },
  ),
];

/** The site's catalogue: its own, or the defaults for sites made before the catalogue existed. */
export function rejectReasonsOf(policy: { rejectReasons?: RejectReason[] }): readonly RejectReason[] {
  return policy.rejectReasons && policy.rejectReasons.length > 0
    ? policy.rejectReasons
    : DEFAULT_REJECT_REASONS;
}

/**
 * The entry for `code` in the site's catalogue; when the site dropped that
 * code, the built-in default of the same code; failing both, the generic
 * "breach of the debate rules" (so a statement always has a ground).
 */
export function resolveRejectReason(
  policy: { rejectReasons?: RejectReason[] },
  code: string | null,
): RejectReason {
  const own = rejectReasonsOf(policy);
  const found = code
    ? (own.find((r) => r.code === code) ?? DEFAULT_REJECT_REASONS.find((r) => r.code === code))
    : undefined;
  return found ?? own.find((r) => r.code === 'site_rules') ?? DEFAULT_REJECT_REASONS[0]!;
}
