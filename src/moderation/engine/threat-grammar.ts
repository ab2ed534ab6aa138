/**
 * Threat grammar by roles. The pattern rules of threats.ts read a violent verb and look
 * around it for the words one round's sentences used; this reads each clause for the roles a
 * threat is made of, whatever words fill them:
 *
 *   agent   the writer ("jeg", "eg", "æ", "vi", "me", "I", "we"), someone unnamed in a wish or
 *           modal frame ("noen", "nokon", "folk", "man", "en eller annen", "someone"), the
 *           addressee of an imperative, or nobody (an impersonal passive: "burde henges");
 *   frame   future, modal, wish or condition: "skal", "kommer til å", "vil", "må", "bør",
 *           "fortjener å (bli)", "håper (at)", "hadde vært fint om", "hvis …, så", an
 *           imperative opening its clause, a passive after a modal ("skulle vært skutt");
 *   harm    a verb of harm in any of its forms (infinitive, present, imperative, past,
 *           s-passive, participle; Bokmål, Nynorsk, dialect and English), a phrase of harm
 *           ("ta livet av", "gjøre det av med", "sette fyr på") or a means given or got
 *           ("få juling", "gi deg bank", "en kule i hodet");
 *   target  a person ("deg", "dykk", "ham", "ho", "dei"), a name, a group or a person noun,
 *           or what is theirs ("huset ditt", "ungene dine", "kona di", "knærne dine").
 *
 * A clause with all four, in any order Norwegian allows ("jeg skal drepe deg", "deg skal jeg
 * drepe", "så dreper jeg deg", "han burde henges", "håper noen skyter deg", "du skal få
 * juling") is a threat. It is not when a negator takes the act back (threats.ts's
 * `negatedAct`), when it is reported (a verb of saying without the writer as agent, or a news
 * word: "truet med å", "dømt for"), asked about ("Hvem sa at …?"), or when the sentence is
 * about a game, a match, a hunt, a photo shoot or a debate ("knuse dem 3–0", "drepe deg i
 * Fortnite", "skyte dere i solnedgangen"), or the harm is said with kindness ("drepe dem med
 * vennlighet"). Figurative verbs need what makes them literal: "slå" needs "i hjel",
 * "helseløs"; "henge med", "brenne for", "skyte inn", "banke på" are no harm; "knuse",
 * "banke", "ta", "skade" (weak verbs) take no names or groups, only persons and their things.
 *
 * One pass over the words: each word is looked up once in `HARM` (most are not in it), and
 * only a clause with a harm word is read further, a bounded number of words either side.
 */
import { clauseBreakBefore } from './aim.js';
import type { NormalisedText } from './normalise.js';
import { askedWhoSaid, type CompiledThreats, negatedAct, photographed, type ThreatHit } from './threats.js';
import {
  ARTICLE_WORDS,
  FIRST_PERSON_WORDS,
  FUTURE,
  IF_WORDS,
  NOT,
  PREPOSITION_WORDS,
  WH_WORDS,
  YOU_OBJECT_WORDS,
  YOU_SUBJECT,
  YOU_SUBJECT_WORDS,
  YOUR_WORDS,
} from './vocabulary.js';
import { wordHash } from './word-cache.js';
import { WordSet, WordTable } from './word-table.js';

/**
 * Places of death a person is put in, pushed before or wished in: the rails and the train, the
 * coffin, the grave (`placeThreat`).
 */
const DEATH_PLACES = [
  'skinnene',
  'skjenene',
  'togskinnene',
  'jernbanesporet',
  'togsporet',
  'toget',
  'kveldstoget',
  'morgontoget',
  'morgentoget',
  'nattoget',
  'godstoget',
  'lokaltoget',
  'ekspresstoget',
  'kista',
  'kisten',
  'kiste',
  'kister',
  'kistene',
  'kistane',
  'likkista',
  'likkisten',
  'grava',
  'graven',
  'torva',
  'rails',
  'tracks',
  'train',
  'coffin',
  'coffins',
  'grave',
];
/** Burial grounds: a person put there, or room kept there for one ("plass til deg på kirkegården"). */
const BURIAL_GROUNDS = [
  'kirkegården',
  'kirkegården',
  'kyrkjegarden',
  'kyrkjegården',
  'gravplassen',
  'cemetery',
  'graveyard',
];

/** Home, that a person is seen to never reach (`homeThreat`). */
const HOME_WORDS = ['hjem', 'heim', 'hjæm', 'hjemm', 'home'];

/** Heads and faces: where a hard thing is given. */
const HEAD_WORDS = [
  'hodet',
  'hovudet',
  'huet',
  'hue',
  'skallen',
  'tinningen',
  'tinninga',
  'ansiktet',
  'andletet',
  'trynet',
  'fjeset',
  'kjeften',
  'panna',
  'pannen',
  'nakken',
  'face',
  'head',
  'skull',
  'temple',
];
/** Poisons (round 16): harm only put in food or drink. */
const POISON_WORDS = [
  'gift',
  'rottegift',
  'rottegifta',
  'arsenikk',
  'cyanid',
  'cyankalium',
  'stryknin',
  'frostvæske',
  'poison',
  'arsenic',
  'cyanide',
];

/** Verbs of filling a person with shot (`fillThreat`). */
const FILL_WORDS = [
  'fylle',
  'fylla',
  'fyller',
  'fyll',
  'fill',
  'pump',
  'pumpe',
  // Round 18: peppered or riddled with shot ("pepre ham med hagl", "riddle him with bullets").
  'pepre',
  'peprer',
  'pepra',
  'pepper',
  'riddle',
];
/** Dead, in "den eneste gode X er en død X" (`sloganThreat`). */
const DEAD_WORDS = ['død', 'daud', 'dead'];

/** A harm word's readings (bits). */
const INF = 1;
const PRES = 2;
const IMP = 4;
const PAST = 8;
/** s-passive: "drepes", "skytast". */
const PASS = 16;
/** Participle: "drept", "skutt", "killed". */
const PART = 32;
/** Weak: a figurative reading is common ("knuse", "banke", "ta"): persons and their things only. */
const WEAK = 64;
/** A means noun ("juling", "kule"): harm only given or got (`meansThreat`). */
const MEANS = 128;
/** The light verb of a phrase ("ta livet av", "sette fyr på", "gjøre det av med"): `phraseEnd`. */
const LIGHT = 256;
/** Only people: no pets or things ("avlive"). */
const PEOPLE = 512;
/** Only a person's things and body ("knuse knærne dine"): "knuse dem" is a match won. */
const THINGS_ONLY = 1024;
/** A place of death a person is put in or wished in ("på skinnene", "i kista"): `placeThreat`. */
const PLACE = 2048;
/** "hjem"/"heim": a person seen to never come home (`homeThreat`). */
const HOME = 4096;
/** A head or a face a hard thing is given in (`headBlow`): "en curlingstein i hodet". */
const HEAD = 8192;
/** Poison, that goes into a person's food or drink (`meansThreat`): "rottegift i kaffen hans". */
const POISON = 16384;
/** Filling: "fylle ham med hagl" (`fillThreat`). */
const FILL = 32768;
/** "død"/"dead" of "den eneste gode X er en død X" (`sloganThreat`). */
const SLOGAN = 65536;
/** An intransitive of dying after a deserving ("Solbakk fortjener å drukne"): `deservedDeath`. */
const DIE = 131072;
/** The needed word is the verb's particle, right after it ("kjøre over", "run down"): not anywhere near. */
const PARTICLE = 262144;
/** The needed word is a place the target is put into, after "i"/"til"/"in"/"to" ("legge deg i jorda"). */
const INTO_PLACE = 524288;

interface HarmForm {
  verb: string;
  bits: number;
  /** Words one of which must follow within a few words ("slå" … "ihjel"), or null. */
  need: WordSet | null;
  /** Words that, right after the verb or its target, make it something else ("henge med"). */
  unless: WordSet | null;
}

/** What makes a blow a killing or a maiming: "i hjel", "helseløs", "gul og blå", "to death". */
const TO_DEATH = [
  'ihjel',
  'hjel',
  'hel',
  'ihel',
  'hæl',
  'ihæl',
  'sønder',
  'helseløs',
  'helseløse',
  'helselaus',
  'helselause',
  'fordervet',
  'gul',
  'bevisstløs',
  'bevisstløse',
  'bevisstlaus',
  'bevisstlause',
  'sanseløs',
  'sanseløse',
  'sanselaus',
  'sanselause',
  'death',
  'senseless',
  'plukkfisk',
  'blodig',
  'blodige',
  'pulp',
];
/** Pieces a person is torn, cut or hacked into (round 18): "i filler", "i småbiter", "to pieces", "apart". */
const PIECES = [
  'filler',
  'fillebiter',
  'fillebitar',
  'stykker',
  'stykke',
  'biter',
  'bitar',
  'småbiter',
  'småbitar',
  'strimler',
  'strimlar',
  'pieces',
  'shreds',
  'bits',
  'ribbons',
  'apart',
];
/** The grave a person is laid in or sent to (round 18): "legge deg i jorda", "send him to the grave". */
const GRAVE = [
  'graven',
  'grava',
  'grav',
  'jorda',
  'jorden',
  'kista',
  'kisten',
  'likkista',
  'grave',
  'ground',
  'coffin',
];
/** Intransitives of dying a person deserves (`deservedDeath`): "fortjener å drukne", "deserves to burn". */
const DYING_WORDS = [
  'dø',
  'døy',
  'drukne',
  'drukna',
  'forblø',
  'forbløde',
  'brenne',
  'brenna',
  'råtne',
  'råtna',
  'omkomme',
  'die',
  'drown',
  'burn',
  'rot',
];

/**
 * Verbs of harm: infinitive | present | imperative | past | s-passive | participle, each a
 * space-separated list (Bokmål, Nynorsk, dialect spellings together).
 */
const VERBS: [string, number, string[]?, string[]?][] = [
  [
    'drepe drepa drepæ | dreper drep drepar | drep | drepte drap | drepes drepast | drept drepen drepne drepte',
    0,
  ],
  ['myrde myrda | myrder myrdar | myrd | myrdet myrda myrde | myrdes myrdast | myrdet myrda', 0],
  [
    'skyte skyta | skyter skyt | skyt | skjøt skaut | skytes skytast | skutt skoten skotne skutte',
    0,
    undefined,
    ['inn', 'fart', 'skylda', 'skylden', 'blink', 'mål', 'seg'],
  ],
  [
    'knivstikke knivstikka | knivstikker knivstikk | knivstikk | knivstakk | knivstikkes knivstikkast | knivstukket knivstukken knivstokken knivstukke',
    0,
  ],
  [
    'henge henga hengje | henger hengjer heng | heng | hengte hengde | henges hengast | hengt hengd',
    0,
    undefined,
    ['med', 'ut', 'rundt', 'sammen', 'etter', 'på', 'opp', 'fast', 'igjen'],
  ],
  [
    'brenne brenna | brenner brenn | brenn | brente brende | brennes brennast | brent brend',
    0,
    undefined,
    ['for', 'av', 'ut', 'seg', 'inn', 'fast'],
  ],
  ['slakte slakta | slakter slaktar | slakt | slaktet slakta | slaktes slaktast | slaktet slakta', 0],
  ['kverke kverka | kverker kverkar | kverk | kverket kverka | kverkes kverkast | kverket kverka', 0],
  ['kvele kvela | kveler kvelar | kvel | kvalte kvelte | kveles kvelast | kvalt kvelt', 0],
  [
    'torturere torturera | torturerer torturerar | torturer | torturerte | tortureres torturerast | torturert',
    0,
  ],
  [
    'bombe bomba | bomber bombar | | bombet | bombes bombast | bombet',
    0,
    undefined,
    ['sikker', 'sikkert', 'sikre'],
  ],
  [
    'sprenge sprenga sprengje | sprenger sprengjer | spreng | sprengte sprengde | sprenges sprengast | sprengt sprengd',
    0,
    undefined,
    ['rammene', 'budsjettet', 'grensene', 'grenser', 'rekorden'],
  ],
  ['drukne drukna | drukner druknar | drukn | druknet | druknes druknast | druknet', 0],
  ['steine steina | | | steinet | steines steinast | steinet steina', 0],
  [
    'halshugge halshogge halshogga | halshugger halshoggar | halshugg halshogg | halshugget halshogde | halshugges halshoggast | halshugget halshogd halshogde',
    0,
  ],
  [
    'henrette henretta | henretter henrettar | henrett | henrettet henretta | henrettes henrettast | henrettet henretta',
    0,
  ],
  ['likvidere likvidera | likviderer likviderar | | likviderte | likvideres likviderast | likvidert', 0],
  [
    'utrydde utrydda | utrydder utryddar | utrydd | utryddet utrydda | utryddes utryddast | utryddet utrydda',
    0,
  ],
  ['avlive avliva | avliver avlivar | avliv | avlivet avliva | avlives avlivast | avlivet avliva', PEOPLE],
  [
    'gasse gassa | gasser gassar | | gasset gassa | gasses gassast | gasset gassa',
    0,
    undefined,
    ['på', 'opp', 'seg'],
  ],
  [
    'lemleste lemlesta | lemlester lemlestar | lemlest | lemlestet lemlesta | lemlestes lemlestast | lemlestet lemlesta',
    0,
  ],
  [
    'mishandle mishandla | mishandler mishandlar | | mishandlet mishandla | mishandles mishandlast | mishandlet mishandla',
    0,
  ],
  [
    'voldta valdta | voldtar valdtek | | voldtok valdtok | voldtas valdtakast | voldtatt valdteken valdtatt',
    0,
  ],
  [
    'korsfeste korsfesta | korsfester korsfestar | korsfest | korsfestet korsfesta | korsfestes korsfestast | korsfestet korsfesta',
    0,
  ],
  ['partere partera | parterer parterar | | parterte | parteres parterast | partert', 0],
  ['spidde spidda | spidder spiddar | spidd | spiddet spidda | spiddes spiddast | spiddet spidda', 0],
  ['skamslå skamslaa | skamslår | | skamslo | skamslås | skamslått skamslegen', 0],
  [
    'grisebanke grisebanka | grisebanker | | grisebanket grisebanka | grisebankes | grisebanket grisebanka',
    0,
  ],
  ['rundjule rundjula | rundjuler | | rundjulte rundjula | rundjules | rundjult rundjula', 0],
  ['denge denga | denger dengjer | deng | dengte denga | denges | dengt denga', 0],
  ['jule jula | juler | | julte jula | jules | julet jula', 0, ['opp']],
  [
    'knuse knusa | knuser | knus | knuste | knuses knusast | knust',
    WEAK | THINGS_ONLY,
    undefined,
    ['hjertet', 'hjarta', 'drømmen', 'drømmene', 'draumen', 'håpet', 'rekorden', 'illusjonen'],
  ],
  [
    'banke banka | banker bankar | bank | banket banka | bankes bankast | banket banka',
    WEAK,
    undefined,
    ['på', 'inn', 'hjertet'],
  ],
  [
    'slå slaa | slår | slå | slo | slås | slått slegen slege',
    0,
    [
      'ihjel',
      'hjel',
      'hel',
      'hæl',
      'ihæl',
      'sønder',
      'helseløs',
      'helselaus',
      'fordervet',
      'gul',
      'blodig',
      'bevisstløs',
      'bevisstlaus',
      'sanseløs',
      'sanselaus',
      'death',
      'plukkfisk',
    ],
  ],
  [
    'begrave begrava | begraver begravar | | begravde | begraves begravast | begravd begravet begrava',
    0,
    ['levende', 'levande', 'under', 'alive'],
  ],
  [
    'senke senka | senker senkar | senk | senket senka | senkes senkast | senket senka',
    0,
    ['havet', 'sjøen', 'fjorden', 'midtfjords', 'elva', 'elven', 'havna', 'dypet', 'bunnen', 'bord', 'sea'],
  ],
  [
    'jevne jamne | jevner jamnar | | jevnet jamna | jevnes jamnast | jevnet jamna',
    0,
    ['jorda', 'jorden', 'bakken'],
  ],
  ['skade skada | skader skadar | | skadet skada | skades skadast | skadet skada', WEAK],
  // Round 16: killing and maiming verbs the rounds before had no forms of.
  ['lynsje lynsja | lynsjer lynsjar | lynsj | lynsjet lynsja | lynsjes lynsjast | lynsjet lynsja', PEOPLE],
  [
    'harpunere harpunera | harpunerer harpunerar | harpuner | harpunerte | harpuneres harpunerast | harpunert',
    0,
  ],
  ['skalpere skalpera | skalperer skalperar | skalper | skalperte | skalperes skalperast | skalpert', 0],
  ['flå flaa | flår | flå | flådde | flås | flådd', 0, ['levende', 'levande', 'alive']],
  ['kastrere kastrera | kastrerer kastrerar | kastrer | kastrerte | kastreres kastrerast | kastrert', PEOPLE],
  ['lynch | lynches | lynch | lynched | | lynched', 0],
  // English: base | -s | base | past | | participle (its passive is "be"/"get" with the participle).
  ['kill | kills | kill | killed | | killed', 0],
  ['murder | murders | murder | murdered | | murdered', 0],
  ['shoot | shoots | shoot | shot | | shot', 0],
  ['stab | stabs | stab | stabbed | | stabbed', 0],
  ['hang | hangs | hang | hanged | | hanged', 0, undefined, ['out', 'around', 'on', 'up']],
  ['strangle | strangles | strangle | strangled | | strangled', 0],
  ['drown | drowns | drown | drowned | | drowned', 0],
  ['torture | tortures | torture | tortured | | tortured', 0],
  ['slaughter | slaughters | slaughter | slaughtered | | slaughtered', 0],
  ['butcher | butchers | butcher | butchered | | butchered', 0],
  ['execute | executes | execute | executed | | executed', 0],
  ['behead | beheads | behead | beheaded | | beheaded', 0],
  ['rape | rapes | rape | raped | | raped', 0],
  ['gut | guts | gut | | | gutted', WEAK],
  ['beat | beats | beat | | | beaten', WEAK, ['up', 'death', 'pulp']],
  ['hurt | hurts | hurt | | | hurt', WEAK],
  ['burn | burns | burn | burned burnt | | burned burnt', 0, undefined, ['out']],
  // Round 17: blows that are harm by their result ("tråkkes i hjel", "bankes helseløs", "kicked to death").
  [
    'tråkke tråkka trakke | tråkker tråkkar | tråkk | tråkket tråkka | tråkkes tråkkast | tråkket tråkka',
    0,
    TO_DEATH,
  ],
  [
    'trampe trampa | tramper trampar | tramp | trampet trampa | trampes trampast | trampet trampa',
    0,
    TO_DEATH,
  ],
  [
    'sparke sparka | sparker sparkar | spark | sparket sparka | sparkes sparkast | sparket sparka',
    0,
    TO_DEATH,
  ],
  ['banke banka | banker bankar | bank | banket banka | bankes bankast | banket banka', 0, TO_DEATH],
  ['piske piska | pisker piskar | pisk | pisket piska | piskes piskast | pisket piska', 0, TO_DEATH],
  [
    'hogge hugge hogga | hogger hugger hoggar | hogg hugg | hogde hugget | hogges hugges hoggast | hogd hugget',
    0,
    TO_DEATH,
  ],
  ['stikke stikka | stikker stikk | stikk | stakk | stikkes stikkast | stukket stukken stokken', 0, TO_DEATH],
  ['kick | kicks | kick | kicked | | kicked', 0, TO_DEATH],
  ['stomp | stomps | stomp | stomped | | stomped', 0, TO_DEATH],
  ['trample | tramples | trample | trampled | | trampled', 0, TO_DEATH],
  // Round 17: running a person over with a vehicle ("kjøre over Solbakk", "køyre ned han", "run him down").
  [
    'kjøre kjøra køyre køyra | kjører køyrer | kjør køyr | kjørte køyrde | kjøres kjørast køyrast | kjørt køyrd',
    PARTICLE,
    ['over', 'ned', 'nedover'],
  ],
  ['run | runs | run | ran | | run', PARTICLE, ['over', 'down']],
  // Round 18: the inventory of violence by kind (poisoning, beating, stabbing, annihilating,
  // maiming, torment, tearing to pieces, burial), each verb with every form, not only the forms a
  // batch's misses used. Clean senses stay out by the target ("forgifte debatten", "mørbanke
  // kjøttet", "utslette gjelda" name no person) or by a needed word ("rive … i filler").
  [
    'forgifte forgifta | forgifter forgiftar | | forgiftet forgifta | forgiftes forgiftast | forgiftet forgifta',
    0,
  ],
  [
    'mørbanke mørbanka | mørbanker mørbankar | | mørbanket mørbanka | mørbankes mørbankast | mørbanket mørbanka',
    0,
  ],
  [
    'skambanke skambanka | skambanker skambankar | | skambanket skambanka | skambankes skambankast | skambanket skambanka',
    0,
  ],
  ['pryle pryla | pryler prylar | pryl | prylte pryla | pryles prylast | prylt pryla', 0],
  ['dolke dolka | dolker dolkar | dolk | dolket dolka | dolkes dolkast | dolket dolka', 0],
  [
    'utslette utsletta | utsletter utslettar | utslett | utslettet utsletta | utslettes utslettast | utslettet utsletta',
    0,
  ],
  [
    'tilintetgjøre tilintetgjere | tilintetgjør tilintetgjer | | tilintetgjorde | tilintetgjøres | tilintetgjort',
    0,
  ],
  ['nakke nakka | nakker nakkar | | nakket nakka | nakkes nakkast | nakket nakka', PEOPLE],
  ['skamfere skamfera | skamferer skamferar | | skamferte | skamferes skamferast | skamfert', 0],
  [
    'invalidisere invalidisera | invalidiserer invalidiserar | | invalidiserte | invalidiseres invalidiserast | invalidisert',
    0,
  ],
  ['kveste kvesta | kvester kvestar | | kvestet kvesta | kvestes kvestast | kvestet kvesta', WEAK],
  [
    'pine pina | piner pinar | | pinte pinde | pines pinast | pint pinte',
    WEAK,
    undefined,
    ['seg', 'oss', 'meg'],
  ],
  // Torn, cut or hacked to pieces: the pieces make it harm ("rive deg i filler", "hakke dei i småbitar").
  ['rive riva | river riv | riv | rev reiv | rives rivast | revet rive', 0, PIECES],
  ['slite slita | sliter slit | slit | slet sleit | slites slitast | slitt', 0, PIECES],
  ['kutte kutta | kutter kuttar | kutt | kuttet kutta | kuttes kuttast | kuttet kutta', 0, PIECES],
  ['hakke hakka | hakker hakkar | hakk | hakket hakka | hakkes hakkast | hakket hakka', 0, PIECES],
  ['skjære skjera skjære | skjærer skjer | skjær | skar | skjæres skjerast | skåret skoren', 0, PIECES],
  ['sage saga | sager sagar | sag | saget saga | sages sagast | saget saga', 0, PIECES],
  ['tear | tears | tear | tore | | torn', 0, PIECES],
  ['rip | rips | rip | ripped | | ripped', 0, PIECES],
  ['chop | chops | chop | chopped | | chopped', 0, PIECES],
  ['hack | hacks | hack | hacked | | hacked', 0, PIECES],
  // Buried or sent to the grave: "legge deg i jorda", "sende dei i grava", "put you in the ground".
  ['legge leggje | legger | legg | | legges leggast | lagt', INTO_PLACE, GRAVE],
  ['sende senda | sender sendar | send | sendte | sendes sendast | sendt', INTO_PLACE, GRAVE],
  ['put | puts | put | put | | put', INTO_PLACE, GRAVE],
  [
    'rydde rydda | rydder ryddar | rydd | ryddet rydda | ryddes ryddast | ryddet rydda',
    PEOPLE,
    ['veien', 'vegen'],
  ],
  ['meie meia | meier meiar | mei | meide meia | meies meiast | meid meia', PARTICLE, ['ned']],
  // English, by kind: poisoning, choking, maiming, stabbing, burning, annihilating, breaking.
  ['poison | poisons | poison | poisoned | | poisoned', 0],
  ['suffocate | suffocates | suffocate | suffocated | | suffocated', 0],
  ['smother | smothers | smother | smothered | | smothered', 0],
  ['choke | chokes | choke | choked | | choked', 0, undefined, ['on', 'up', 'back']],
  ['mutilate | mutilates | mutilate | mutilated | | mutilated', 0],
  ['decapitate | decapitates | decapitate | decapitated | | decapitated', 0],
  ['dismember | dismembers | dismember | dismembered | | dismembered', 0],
  ['disembowel | disembowels | disembowel | disemboweled disembowelled | | disemboweled disembowelled', 0],
  ['cripple | cripples | cripple | crippled | | crippled', 0],
  ['maim | maims | maim | maimed | | maimed', 0],
  ['crucify | crucifies | crucify | crucified | | crucified', 0],
  ['assassinate | assassinates | assassinate | assassinated | | assassinated', 0],
  ['massacre | massacres | massacre | massacred | | massacred', 0],
  ['annihilate | annihilates | annihilate | annihilated | | annihilated', 0],
  ['exterminate | exterminates | exterminate | exterminated | | exterminated', 0],
  ['shank | shanks | shank | shanked | | shanked', 0],
  ['knife | knifes | knife | knifed | | knifed', 0],
  ['torch | torches | torch | torched | | torched', 0],
  ['nuke | nukes | nuke | nuked | | nuked', 0],
  ['punch | punches | punch | punched | | punched', WEAK],
  ['bludgeon | bludgeons | bludgeon | bludgeoned | | bludgeoned', 0],
  ['pummel | pummels | pummel | pummeled pummelled | | pummeled pummelled', WEAK],
  ['whip | whips | whip | whipped | | whipped', 0, TO_DEATH],
  ['flog | flogs | flog | flogged | | flogged', 0, TO_DEATH],
  ['stone | stones | stone | stoned | | stoned', 0, TO_DEATH],
  ['club | clubs | club | clubbed | | clubbed', 0, TO_DEATH],
  ['snap | snaps | snap | snapped | | snapped', 0, ['neck', 'necks', 'spine']],
  ['skin | skins | skin | skinned | | skinned', 0, ['alive']],
  ['wipe | wipes | wipe | wiped | | wiped', PARTICLE, ['out']],
  ['blow | blows | blow | blew | | blown', PARTICLE, ['up']],
  ['finish | finishes | finish | finished | | finished', PEOPLE, ['off']],
  // Round 18, second pass over the inventory: dialect and compound forms, knocking down (active only:
  // "treneren burde sparkes" is fired), burning down.
  ['smadre smadra | smadrer smadrar | | smadret smadra | smadres smadrast | smadret smadra', WEAK],
  [
    'overfalle overfalla | overfaller overfell | | overfalt overfall | overfalles overfallast | overfalt overfallen',
    0,
  ],
  ['kvæle kvæla | kvæler kvælar | kvæl | kvælte | kvæles kvælast | kvælt', 0],
  [
    'elektrokutere elektrokutera | elektrokuterer elektrokuterar | | elektrokuterte | elektrokuteres elektrokuterast | elektrokutert',
    0,
  ],
  [
    'skamskyte skamskyta | skamskyter skamskyt | | skamskjøt skamskaut | skamskytes skamskytast | skamskutt skamskoten',
    0,
  ],
  ['hogge hugge hogga | hogger hugger hoggar | hogg hugg | hogde hugget | |', 0, ['ned']],
  ['sparke sparka | sparker sparkar | spark | sparket sparka | |', 0, ['ned']],
  ['skalle skalla | skaller skallar | | skallet skalla | |', 0, ['ned']],
  ['svi svia | svir | svi | svidde sveid | svies sviast | svidd', PARTICLE, ['av']],
  ['kneecap | kneecaps | kneecap | kneecapped | | kneecapped', 0],
  ['electrocute | electrocutes | electrocute | electrocuted | | electrocuted', 0],
  ['impale | impales | impale | impaled | | impaled', 0],
  ['curbstomp | curbstomps | curbstomp | curbstomped | | curbstomped', 0],
  ['waterboard | waterboards | waterboard | waterboarded | | waterboarded', 0],
  ['garrote garrotte | garrotes garrottes | garrote garrotte | garroted garrotted | | garroted garrotted', 0],
  ['incinerate | incinerates | incinerate | incinerated | | incinerated', 0],
  ['firebomb | firebombs | firebomb | firebombed | | firebombed', 0],
  ['bash | bashes | bash | bashed | | bashed', WEAK],
  ['smash | smashes | smash | smashed | | smashed', WEAK | THINGS_ONLY],
  ['hunt | hunts | hunt | hunted | | hunted', 0, ['down']],
];
/** Light verbs of phrases and the rest of each phrase ("ta livet av", "gjøre det av med"). */
const PHRASES: [string, string[][]][] = [
  ['ta tar tek tok tatt tas teken take takes took', [['livet', 'av'], ['life']]],
  [
    'gjøre gjør gjorde gjort gjere gjer gjera gjorde gjort',
    [
      ['det', 'av', 'med'],
      ['kål', 'på'],
      ['ende', 'på'],
    ],
  ],
  [
    'sette setter sett satte setje set setja',
    [
      ['fyr', 'på'],
      ['eld', 'på'],
      ['ild', 'på'],
    ],
  ],
  ['tenne tenner tenn tente tenna', [['på']]],
  [
    'skjære skjærer skjær skar skjere skjera skær skjær',
    [
      ['strupen', 'på'],
      ['strupen', 'over', 'på'],
      ['halsen', 'over', 'på'],
    ],
  ],
  ['set sets', [['fire', 'to']]],
  ['helle heller hell helte tømme tømmer tøm tømte', [['bensin'], ['parafin'], ['tennvæske']]],
];
/** Means that are harm only with where they go: "en kule i hodet", "kniven i ryggen". */
const PLACED_WORDS = ['kule', 'kula', 'kulen', 'kuler', 'kniv', 'kniven', 'kniva', 'bly', 'bullet'];
const MEANS_PLACED = new WordSet(PLACED_WORDS);
/** Means of harm a person is given, gets or deserves ("få juling", "gi deg bank", "ei kule i hovudet"). */
const MEANS_WORDS = [
  ...PLACED_WORDS,
  'juling',
  'julinga',
  'julingen',
  'bank',
  'kjeft',
  'beating',
  'whooping',
  'omgang',
  'omgangen',
];
/** Giving, getting or deserving a means: "gi", "få", "fortjener". */
const GIVE = new WordSet([
  'putte',
  'putter',
  'putta',
  'blande',
  'blander',
  'helle',
  'hælle',
  'gi',
  'gir',
  'gje',
  'gjev',
  'ga',
  'gav',
  'gitt',
  'give',
  'gives',
  'put',
  'sette',
  'setje',
  'satte',
  'plante',
  'ta',
  'tar',
  'tok',
  'tek',
  'stikke',
  'stakk',
  'holde',
  'held',
  'take',
  'took',
]);
const GET = new WordSet([
  'få',
  'får',
  'fått',
  'fekk',
  'fikk',
  'get',
  'gets',
  'getting',
  'trenger',
  'treng',
  'trenge',
]);
/** "is getting", "are getting": a future foretold in English. */
const IS_ARE = new WordSet(['is', 'are', 's', 're']);
const DESERVE = new WordSet([
  'fortjener',
  'fortener',
  'fortjente',
  'fortente',
  'fortjent',
  'fortent',
  'deserve',
  'deserves',
  'deserved',
]);

/** The writer as agent. */
const FIRST = new WordSet([...FIRST_PERSON_WORDS, 'jæ', 'æg', 'i', 'we', 'im']);
/** Someone unnamed as agent, in a wish or modal frame. */
const SOMEONE = new WordSet([
  'noen',
  'nokon',
  'nån',
  'nokken',
  'folk',
  'man',
  'someone',
  'somebody',
  'anybody',
]);
/** "en eller annen", "ein eller annan". */
const ONE = new WordSet(['en', 'ein']);
const OR = new WordSet(['eller']);
const OTHER = new WordSet(['annen', 'annan', 'anna']);
/** Modals and futures: what the agent will, shall, must or should do. */
const MODAL = new WordSet([
  'need',
  'needs',
  'skal',
  'ska',
  'skall',
  'skæ',
  'sku',
  'skulle',
  'skulla',
  'vil',
  'ville',
  'må',
  'bør',
  'burde',
  'kommer',
  'kjem',
  'kømmer',
  'kåmmer',
  'kjæm',
  'will',
  'll',
  'shall',
  'should',
  'must',
  'ought',
  'gonna',
  'going',
  'finna',
  'gotta',
  'would',
  'd',
]);
/** Modals that demand rather than foretell: what a passive's subject deserves ("burde henges"). */
const DEONTIC = new WordSet([
  'need',
  'needs',
  'trenger',
  'treng',
  'skal',
  'ska',
  'skall',
  'skæ',
  'sku',
  'skulle',
  'skulla',
  'må',
  'bør',
  'burde',
  'should',
  'must',
  'ought',
  'shall',
]);
/** Wishes: "håper (at)", "ønsker", "hope", "wish". */
const WISH = new WordSet([
  'håper',
  'håpar',
  'håpa',
  'vonar',
  'ønsker',
  'ønskjer',
  'ønske',
  'ønskje',
  'hope',
  'hopes',
  'hoping',
  'wish',
]);
/** Intents before "å": "har lyst til å", "tenker å", "gleder meg til å", "fortjener å". */
const INTENT = new WordSet([
  'lyst',
  'lysta',
  'tenker',
  'tenkjer',
  'tenkt',
  'planlegger',
  'planlegg',
  'gleder',
  'gler',
  'klar',
  'klør',
  'drømmer',
  'drøymer',
  'fortjener',
  'fortener',
  'fortjente',
  'fortente',
  // Round 18: decided, tempted, looking forward ("har bestemt meg for å", "er fristet til å", "ser fram til å").
  'bestemt',
  'bestemd',
  'fristet',
  'frista',
  'fram',
  'frem',
  'tempted',
  'deserve',
  'deserves',
  'want',
  'wanna',
  'plan',
  'planning',
  'intend',
]);
/** "hadde vært fint om …", "it would be nice if …": the approval before a wished condition. */
const NICE = new WordSet([
  'fint',
  'greit',
  'greitt',
  'fine',
  'deilig',
  'deileg',
  'kjekt',
  'bra',
  'best',
  'beste',
  'flott',
  'artig',
  'morsomt',
  'gøy',
  'nice',
  'great',
  'good',
  'fun',
]);
const IF = new WordSet([...IF_WORDS, 'når']);
/** Auxiliaries of a passive participle: "bli skutt", "vært hengt", "be killed". */
const AUX = new WordSet([
  'bli',
  'blir',
  'blitt',
  'vert',
  'verte',
  'vorte',
  'blei',
  'vært',
  'vore',
  'vere',
  'være',
  'be',
  'been',
  'get',
  'gets',
  'getting',
]);
/** Infinitive markers and what may stand between a frame and its verb. */
const TO = new WordSet(['å', 'til', 'to']);
/** Small words a frame, its agent and its verb may have between them. */
const FILLER = new WordSet([
  'bare',
  'nok',
  'jo',
  'faktisk',
  'virkelig',
  'også',
  'òg',
  'altså',
  'heller',
  'gjerne',
  'kanskje',
  'egentlig',
  'eigentleg',
  'snart',
  'personlig',
  'personleg',
  'selv',
  'sjøl',
  'sjølv',
  'har',
  'hadde',
  'er',
  'e',
  'så',
  'da',
  'at',
  'faen',
  'fan',
  'fanden',
  'satan',
  'meg',
  'oss',
  'seg',
  'sannelig',
  'sikkert',
  'helt',
  'just',
  'really',
  'definitely',
  'totally',
  'literally',
  'fucking',
  'jævla',
  'ha',
  'have',
  // "I'm going to", "we are gonna": the progressive of an English future.
  'm',
  'am',
  're',
  'are',
  'to',
  'til',
  'å',
  'bli',
  'be',
  'get',
]);
/** Between a verb and its target: particles, curses, determiners ("skyte ned den jævla …"). */
const BEFORE_TARGET = new WordSet([
  // The dialect's clitic "'n" (him) before the name it doubles: "på'n Lunde", "ta'n Sæbø".
  'n',
  'ned',
  'opp',
  'over',
  'på',
  'i',
  'av',
  'bare',
  'nok',
  'jo',
  'rett',
  'faen',
  'fan',
  'fanden',
  'helvete',
  'sakte',
  'sakta',
  'personlig',
  'personleg',
  'gjerne',
  'snart',
  'også',
  'òg',
  'hver',
  'kvar',
  'eneste',
  'einaste',
  'alle',
  'hele',
  'heile',
  'jævla',
  'forbanna',
  'fucking',
  'the',
  'down',
  'up',
  'out',
  'off',
  'all',
  'every',
  'single',
  'of',
]);
/** Object pronouns and names for persons. */
const PERSONS = new WordSet([
  ...YOU_OBJECT_WORDS,
  'dåkk',
  'dåkker',
  'han',
  'ham',
  'henne',
  'ho',
  'hu',
  'hun',
  'dem',
  'dom',
  'dei',
  'de',
  'you',
  'u',
  'ya',
  'him',
  'her',
  'them',
  'he',
  'she',
  'they',
  'du',
]);
/** Subject pronouns: who a question or a clause's subject is, not an object ("Skyter du bilder?"). */
const SUBJECTS = new WordSet(['du', 'han', 'hun', 'ho', 'hu', 'de', 'dei', 'he', 'she', 'they']);
/** "de", "dei": a determiner when a noun follows. */
const THEY = new WordSet(['de', 'dei', 'den', 'det']);
const THEY_PLURAL = new WordSet(['de', 'dei']);
/** Possessives of persons (not the writer's): "huset ditt", "din bil", "ungene hans". */
const YOURS = new WordSet([
  ...YOUR_WORDS,
  'dokkers',
  'deres',
  'hans',
  'hennes',
  'hennar',
  'deira',
  'his',
  'their',
]);
/** What is a person's: home, vehicle, kin, pets. */
const THINGS = new WordSet([
  'huset',
  'hus',
  'heimen',
  'hjemmet',
  'hytta',
  'hytten',
  'leiligheten',
  'leilegheita',
  'bilen',
  'bil',
  'båten',
  'garasjen',
  'låven',
  'fjøset',
  'butikken',
  'kontoret',
  'ungene',
  'ungane',
  'ungen',
  'barna',
  'borna',
  'barnet',
  'kona',
  'kone',
  'mannen',
  'familien',
  'familia',
  'familie',
  'slekta',
  'kjæresten',
  'kjærasten',
  'dattera',
  'datteren',
  'døtrene',
  'sønnen',
  'sonen',
  'sønnene',
  'mora',
  'moren',
  'mor',
  'faren',
  'far',
  'broren',
  'bror',
  'søstera',
  'søsteren',
  'syster',
  'foreldrene',
  'foreldra',
  'foreldre',
  'venner',
  'vennene',
  'venene',
  'hunden',
  'bikkja',
  'katten',
  'katta',
  'house',
  'home',
  'car',
  'boat',
  'cabin',
  'garage',
  'kids',
  'children',
  'wife',
  'husband',
  'family',
  'dog',
  'mom',
  'mum',
  'dad',
]);
const PETS = new WordSet(['hunden', 'bikkja', 'katten', 'katta', 'dog']);
/** Prepositions a subject is not after ("forslaget fra rådmannen burde skytes ned"). */
const PREPOSITIONS = new WordSet([...PREPOSITION_WORDS, 'med', 'for', 'with', 'about']);
/** Words a target may end on for "ta" to harm ("jeg skal ta deg"): the clause's end, a time or a reason. */
const TAKE_AFTER = new WordSet(['snart', 'en', 'ein', 'for', 'når', 'i', 'one', 'soon']);
/** Reports and news: the act is told of, not threatened ("truet med å drepe", "dømt for å ha skutt"). */
const NEWS = new WordSet([
  'truet',
  'truer',
  'truga',
  'trua',
  'truar',
  'true',
  'trusselen',
  'trusler',
  'truslar',
  'dømt',
  'dømd',
  'domfelt',
  'siktet',
  'sikta',
  'tiltalt',
  'tiltala',
  'anklaget',
  'anklaga',
  'skulda',
  'mistenkt',
  'arrestert',
  'pågrepet',
  'pågripe',
  'politiet',
  'ifølge',
  'iflg',
  'threatened',
  'threatening',
  'threatens',
  'charged',
  'accused',
  'convicted',
  'police',
  'reportedly',
]);
/** Verbs of saying: what follows is said by someone, unless the writer is the agent. */
const SAYING = new WordSet([
  'sa',
  'sagt',
  'sier',
  'seier',
  'skrev',
  'skriver',
  'skreiv',
  'hevdet',
  'hevda',
  'påstår',
  'påsto',
  'ropte',
  'ropa',
  'said',
  'says',
  'told',
  'wrote',
  'claimed',
]);
/**
 * A game, a match, a hunt, pests, a photo shoot, fiction or a debate in the sentence: the verbs
 * of harm are its own words there ("knuse dem i finalen", "drepe deg i Fortnite", "skyte dere i
 * solnedgangen", "slakte ham i debatten").
 */
const NOT_HARM = new WordSet([
  'kamp',
  'kampen',
  'kampane',
  'kampene',
  'match',
  'matchen',
  'runde',
  'runden',
  'runda',
  'finale',
  'finalen',
  'semifinalen',
  'cup',
  'cupen',
  'serien',
  'serie',
  'seriefinalen',
  'tabellen',
  'poeng',
  'mål',
  'turnering',
  'turneringa',
  'turneringen',
  'spill',
  'spillet',
  'spel',
  'spelet',
  'game',
  'gamet',
  'games',
  'fortnite',
  'minecraft',
  'cs',
  'counter',
  'warzone',
  'valorant',
  'roblox',
  'pubg',
  'overwatch',
  'gaming',
  'gamer',
  'konsollen',
  'playstation',
  'xbox',
  'ps5',
  'sluttspillet',
  'sluttspelet',
  'bortekampen',
  'hjemmekampen',
  'heimekampen',
  'seriekampen',
  'stafett',
  'stafetten',
  'renn',
  'rennet',
  'skirennet',
  'løpet',
  'sprinten',
  'episode',
  'episoden',
  'traileren',
  'trailer',
  'krimserien',
  'glattisen',
  'glatta',
  'glattføret',
  'kjøringen',
  'kjøringa',
  'fyllekjøring',
  'fifa',
  'sjakk',
  'sjakken',
  'poker',
  'quiz',
  'quizen',
  'paintball',
  'lasertag',
  'airsoft',
  'lan',
  'server',
  'serveren',
  'banen',
  'derby',
  'derbyet',
  'valg',
  'valget',
  'valgkampen',
  'debatt',
  'debatten',
  'argument',
  'argumentene',
  'film',
  'filmen',
  'boka',
  'boken',
  'romanen',
  'scenen',
  'rollen',
  'rolla',
  'karakteren',
  'trening',
  'treninga',
  'treningen',
  'tennis',
  'fotball',
  'håndball',
  'bordtennis',
  'badminton',
  'golf',
  'padel',
  'squash',
  'dart',
  'konkurranse',
  'konkurransen',
  'ludo',
  'yatzy',
  'monopol',
  'kortspill',
  'dataspill',
  'videospill',
  'jakt',
  'jakta',
  'foto',
  'fotograf',
  'fotografen',
  'bilde',
  'bilder',
  'bildet',
  'bileta',
  'kamera',
  'kameraet',
  'bryllup',
  'bryllupet',
  'portrett',
  'portretter',
  'fotoshoot',
  'photoshoot',
  'solnedgang',
  'solnedgangen',
  'chess',
  'season',
  'playoffs',
  'election',
  'debate',
  'movie',
  'camera',
  'photos',
  'pictures',
  'ballot',
  'polls',
  'valgurnene',
  'stemmeurnene',
  'økonomisk',
  'økonomiske',
  'financially',
  'trafikken',
  'trafikk',
  'ulykke',
  'ulykka',
  'ulykken',
]);
/**
 * What a verb of harm harms when it is its object, not a person: game monsters, pests, game,
 * time ("drepe tiden", "skyte en elg til deg", "slakte bossen"). Only between the verb and its
 * target: a wolf beside the people aimed at ("skytes sammen med ulven") refuses nothing.
 */
const NOT_PERSONS = new WordSet([
  'boss',
  'bossen',
  'zombie',
  'zombiene',
  'zombier',
  'mygg',
  'myggen',
  'fluer',
  'fluene',
  'veps',
  'vepsen',
  'maur',
  'snegler',
  'sneglene',
  'skadedyr',
  'ugress',
  'elg',
  'elgen',
  'hjort',
  'hjorten',
  'rype',
  'ryper',
  'rev',
  'reven',
  'ulv',
  'ulven',
  'bjørn',
  'bjørnen',
  'tiden',
  'tida',
  'tid',
  'time',
  'level',
]);
/** "og", "and": an object joined to the person after it ("hver eneste ulv og hver eneste ulvevenn"). */
const AND = new WordSet(['og', 'and']);
/** Verbs of saying after what was said: "sa han", "ropte ungene", "skreik dei", "he shouted". */
const SAID_AFTER = new WordSet([
  'sa',
  'seier',
  'sier',
  'roper',
  'ropte',
  'ropa',
  'rauta',
  'skrek',
  'skreik',
  'skriker',
  'skrik',
  'sang',
  'song',
  'skrev',
  'skreiv',
  'said',
  'says',
  'shouted',
  'yelled',
  'screamed',
]);
/** Kindness the harm is done with: "drepe dem med vennlighet", "drukne deg i klemmer". */
const KINDNESS = new WordSet([
  'vennlighet',
  'venlegheit',
  'kjærlighet',
  'kjærleik',
  'godhet',
  'godheit',
  'klemmer',
  'klemmar',
  'kos',
  'omsorg',
  'kyss',
  'ros',
  'gaver',
  'gåver',
  'spørsmål',
  'argumenter',
  'fakta',
  'humor',
  'latter',
  'sjarm',
  'arbeid',
  'papirarbeid',
  'søksmål',
  'kritikk',
  'søknader',
  'søknadar',
  'skjemaer',
  'skjema',
  'papirer',
  'meldinger',
  'meldingar',
  'eposter',
  'mailer',
  'forslag',
  'invitasjoner',
  'paperwork',
  'emails',
  'messages',
  'kindness',
  'love',
  'hugs',
  'kisses',
  'questions',
  'facts',
]);
const WITH_IN = new WordSet(['med', 'i', 'with', 'in']);
/** Question words that open a question about an act rather than threaten it. */
const WH = new WordSet([...WH_WORDS, 'hvorfor', 'kvifor', 'why']);

/** The harm words by form: each verb's readings, the phrases' light verbs and the means. */
const HARM: WordTable<HarmForm[]> = (() => {
  const forms = new Map<string, HarmForm[]>();
  const add = (word: string, form: HarmForm) => {
    const list = forms.get(word) ?? [];
    // One entry's readings of a word join; another entry of the same verb ("banke" with "i hjel") stays apart.
    const same = list.find((f) => f.verb === form.verb && f.need === form.need && f.unless === form.unless);
    if (same !== undefined) same.bits |= form.bits;
    else list.push({ ...form });
    forms.set(word, list);
  };
  const READINGS = [INF, PRES, IMP, PAST, PASS, PART];
  for (const [spec, flags, need, unless] of VERBS) {
    const slots = spec.split('|').map((s) => s.trim().split(/\s+/).filter(Boolean));
    const verb = slots[0]![0]!;
    const needs = need !== undefined ? new WordSet(need) : null;
    const unlessSet = unless !== undefined ? new WordSet(unless) : null;
    slots.forEach((words, s) => {
      for (const word of words)
        add(word, { verb, bits: READINGS[s]! | flags, need: needs, unless: unlessSet });
    });
  }
  for (const [verbs] of PHRASES)
    for (const word of verbs.split(' '))
      add(word, { verb: `~${word}`, bits: LIGHT, need: null, unless: null });
  for (const word of MEANS_WORDS) add(word, { verb: word, bits: MEANS, need: null, unless: null });
  for (const word of [...DEATH_PLACES, ...BURIAL_GROUNDS])
    add(word, { verb: word, bits: PLACE, need: null, unless: null });
  for (const word of HOME_WORDS) add(word, { verb: word, bits: HOME, need: null, unless: null });
  for (const word of HEAD_WORDS) add(word, { verb: word, bits: HEAD, need: null, unless: null });
  for (const word of FILL_WORDS) add(word, { verb: word, bits: FILL, need: null, unless: null });
  for (const word of DEAD_WORDS) add(word, { verb: word, bits: SLOGAN, need: null, unless: null });
  // Its own entry, apart from a verb of the same spelling ("poison" the verb, round 18).
  for (const word of POISON_WORDS)
    add(word, { verb: `$${word}`, bits: MEANS | POISON, need: null, unless: null });
  for (const word of DYING_WORDS) add(word, { verb: `†${word}`, bits: DIE, need: null, unless: null });
  return new WordTable(forms);
})();

/**
 * A person filled with shot (round 16): "jeg skal fylle Solbakk med hagl", "noen burde pumpe ham
 * full av bly", "I'll fill you with lead". A person or a name after the verb, "med"/"with"/"full
 * av" and shot, in a frame with an agent, an imperative or the writer. "fylle tanken med bensin",
 * "fylle ungene med kake" name no shot.
 */
function fillThreat(
  text: NormalisedText,
  v: number,
  from: number,
  to: number,
  threats: CompiledThreats,
): [number, number, number] | null {
  const target = targetAfter(text, v, to, threats, T_PERSON | T_SUBJECT | T_NAME | T_GROUP);
  if (target < 0) return null;
  let k = target + 1;
  if (has(FULL, text, k)) k++;
  if (!has(WITH_OF, text, k) || !has(SHOT, text, k + 1)) return null;
  return framedAct(text, v, from, k + 1, target);
}

/**
 * The span of an act at v that ends at `end` and aims at `target`, if it is framed: a frame with
 * an agent (a modal, an intent, a wish), an imperative opening its clause, or the writer beside it.
 */
function framedAct(
  text: NormalisedText,
  v: number,
  from: number,
  end: number,
  target: number,
): [number, number, number] | null {
  const frame = frameBefore(text, v, from);
  if (frame !== null && frame.agent !== 0 && (frame.modal || frame.intent || frame.wish))
    return [Math.min(frame.at, v), end, target];
  if (v === from || (v === from + 1 && has(OPENERS, text, from))) return [v, end, target];
  if (has(FIRST, text, v - 1) || has(FIRST, text, v + 1)) return [Math.max(from, v - 1), end, target];
  return null;
}
/**
 * A death a person deserves (round 17), said of a surname or a group too, as the veiled
 * patterns say it of a pronoun or a person noun: "Solbakk fortjener å drukne.", "dei fortjener å
 * brenne", "he deserves to die". The deserving right before "å"/"to" and the dying verb, which
 * ends its clause or goes on "i sin egen …" ("fortjener å drukne i sitt eget avløp"); "fortjener
 * å drukne i blomster", "… å dø i fred", "… å brenne for noe" go on with something else.
 */
function deservedDeath(
  text: NormalisedText,
  v: number,
  from: number,
  to: number,
  threats: CompiledThreats,
): [number, number, number] | null {
  if (v < 2 || !has(TO, text, v - 1)) return null;
  const d = has(DESERVE, text, v - 2)
    ? v - 2
    : has(DESERVE, text, v - 3) && has(FILLER, text, v - 2)
      ? v - 3
      : -1;
  if (d < from) return null;
  const ends = v + 1 >= to;
  const ownEnd =
    v + 2 < to && has(IN, text, v + 1) && (has(OWN, text, v + 2) || (v + 3 < to && has(OWN, text, v + 3)));
  if (!ends && !ownEnd) return null;
  const subject = subjectBefore(text, from, d, threats, T_PERSON | T_SUBJECT | T_NAME | T_GROUP);
  return subject < 0 || has(FIRST, text, subject) ? null : [subject, v, subject];
}
const OWN = new WordSet([
  'sin',
  'sitt',
  'si',
  'sine',
  'egen',
  'eget',
  'eigen',
  'eige',
  'eiga',
  'own',
  'his',
  'her',
  'their',
]);

const FULL = new WordSet(['full', 'fulle', 'fullt']);
const WITH_OF = new WordSet(['med', 'me', 'av', 'with', 'of']);
const SHOT = new WordSet([
  'hagl',
  'haglet',
  'bly',
  'blyet',
  'kuler',
  'kuleregn',
  'lead',
  'bullets',
  'buckshot',
]);

/**
 * "Den eneste gode X er en død X", "the only good X is a dead X" (round 16), whatever X is: a
 * call to kill a people or a kind of person said as a saying. The same noun on both sides, "gode"
 * or "good" before it; "den eneste gode kampen er en vunnet kamp" names no death.
 */
function sloganThreat(
  text: NormalisedText,
  d: number,
  from: number,
  to: number,
): [number, number, number] | null {
  const n = d - 3;
  if (n - 2 < from || d + 1 >= to) return null;
  if (!has(ARTICLES, text, d - 1) || !has(COPULA, text, d - 2)) return null;
  if (!has(GOOD, text, n - 1) || !has(ONLY, text, n - 2)) return null;
  // The same noun, definite or not: "tyrkeren … tyrker", "cop … cop".
  const a = text.form(n);
  const b = text.form(d + 1);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 3 || !long.startsWith(short) || long.length - short.length > 3) return null;
  // The wolf debate's saying is about wolves: "den eneste gode ulven er en død ulv".
  if (has(NOT_PERSONS, text, n) || has(NOT_PERSONS, text, d + 1) || has(ANIMALS, text, d + 1)) return null;
  return [n - 2, d + 1, n];
}
const ANIMALS = new WordSet([
  'måke',
  'mås',
  'kråke',
  'mink',
  'rotte',
  'sel',
  'skarv',
  'gaupe',
  'jerv',
  'hai',
  'mygg',
  'flue',
  'wolf',
  'rat',
  'fox',
  'shark',
  'snake',
  'mosquito',
]);
const COPULA = new WordSet(['er', 'e', 'is']);
const GOOD = new WordSet(['gode', 'good']);
const ONLY = new WordSet(['eneste', 'einaste', 'only']);

/**
 * A person the writer will see to it never comes home (round 16): "jeg skal sørge for at du
 * ikke kommer hjem", "eg skal sjå til at han ikkje kjem seg heim att", "I'll make sure he never
 * gets home". A seeing-to-it (`ENSURE`) with the writer, someone or an imperative before it, a
 * person after "at"/"that", a negator, a verb of coming or getting and home ending the clause or
 * followed only by "again", "alive" or where from. "… ikke kommer hjem for sent", "… alene",
 * "… full" make sure of something else.
 */
function homeThreat(
  text: NormalisedText,
  h: number,
  to: number,
  threats: CompiledThreats,
): [number, number, number] | null {
  // What may follow home: nothing, "igjen"/"att"/"levende", or "fra jobb" (one word after "fra").
  let after = h + 1;
  while (after < to && has(HOME_AFTER, text, after)) after++;
  if (after < to && has(HOME_FROM, text, after) && after + 2 >= to) after = to;
  if (after < to) return null;
  let k = h - 1;
  if (has(REFLEXIVE, text, k)) k--;
  if (!has(COME_GET, text, k)) return null;
  k--;
  if (!has(NOT, text, k) && !has(NEVER, text, k)) return null;
  // The person: right before the negator, or the subject inverted after it is not read.
  const person = k - 1;
  const kind = targetKind(text, person, h, threats);
  if ((kind & (T_PERSON | T_NAME | T_GROUP)) === 0) return null;
  // "at"/"that" before the person, and the seeing-to-it before that, with its agent.
  if (!has(THAT_WORDS, text, person - 1)) return null;
  let e = person - 2;
  if (has(FOR_TO, text, e) && has(ENSURE, text, e - 1)) e--;
  else if (has(TO_IT, text, e) && has(ENSURE, text, e - 1)) e--;
  if (!has(ENSURE, text, e)) return null;
  let s = e;
  while (s > 0 && !sentenceBreakBefore(text, s) && s > e - 6) s--;
  // "Jeg skal ikke sørge for at …" sees to nothing.
  for (let j = s; j < e; j++) if (has(NOT, text, j) || has(NEVER, text, j)) return null;
  const frame = frameBefore(text, e + 1, s);
  const imperative = e === s || (e === s + 1 && has(OPENERS, text, s));
  if (!imperative && (frame === null || frame.agent === 0) && !has(FIRST, text, e - 1)) return null;
  return [imperative ? e : Math.min(frame?.at ?? e - 1, e - 1), h, person];
}
const HOME_AFTER = new WordSet(['igjen', 'att', 'atte', 'levende', 'levande', 'again', 'alive', 'noensinne']);
const HOME_FROM = new WordSet(['fra', 'frå', 'from']);
const NEVER = new WordSet(['itj', 'ikkj', 'ikkje', 'ikke', 'aldri', 'never', 'not']);
const REFLEXIVE = new WordSet(['seg', 'sæ', 'sei', 'deg', 'dæ', 'himself', 'herself']);
const COME_GET = new WordSet([
  'kommer',
  'kjem',
  'kjæm',
  'kømmer',
  'kåmmer',
  'komme',
  'kome',
  'kjeme',
  'når',
  'comes',
  'gets',
  'makes',
  'get',
  'come',
]);
const THAT_WORDS = new WordSet(['at', 'that']);
const FOR_TO = new WordSet(['for', 'på']);
const TO_IT = new WordSet(['til', 'to']);
/** Seeing to it: "sørge for", "sjå til", "passe på", "make sure", "see to it". */
const ENSURE = new WordSet([
  'sørge',
  'sørg',
  'sørger',
  'syte',
  'syt',
  'sjå',
  'se',
  'sjå',
  'passe',
  'pass',
  'passer',
  'sure',
  'see',
  'ensure',
]);

/**
 * A person put in a place of death, or wished there: "Noen burde dytte Holmsen foran toget", "Gå
 * og legg deg på skinnene", "De bør sendes hjem i kister", "Eg gler meg til å sjå deg i kista",
 * "Håper du sovner på skinnene", "Vi har plass til deg på kirkegården". A person between the
 * clause's frame and the place's preposition, and either a verb of putting (`PUT`) in a frame
 * with an agent, an imperative or a deontic passive, a wish or an intent, or room kept for them.
 * Not with a negator, nor beside a funeral ("vi skal legge ham i kista før bisettelsen"), nor
 * a burial ground seen or visited ("se deg på kirkegården").
 */
function placeThreat(
  text: NormalisedText,
  p: number,
  from: number,
  threats: CompiledThreats,
): [number, number, number] | null {
  // The preposition, a determiner or an adjective or two between: "på den nye kirkegården".
  let prep = p - 1;
  while (prep > from && prep >= p - 3 && !has(PLACE_PREP, text, prep)) prep--;
  if (!has(PLACE_PREP, text, prep) || prep <= from) return null;
  // "foran toget": the train only before it; the rails, the coffin in or on them.
  const train = has(TRAINS, text, p);
  // "in front of the train".
  if (train && has(OF, text, prep) && has(FRONT, text, prep - 1) && has(IN, text, prep - 2)) prep -= 2;
  if (train !== (has(BEFORE, text, prep) || has(FRONT, text, prep + 1))) return null;
  for (let k = from; k <= p; k++) if (has(NOT, text, k)) return null;
  const burial = has(BURIAL, text, p);
  let target = -1;
  let put = -1;
  for (let k = prep - 1; k >= from && k >= prep - 6; k--) {
    if (put < 0 && has(PUT, text, k)) put = k;
    if (target < 0 && (targetKind(text, k, prep, threats) & (T_PERSON | T_NAME | T_GROUP)) !== 0) target = k;
  }
  let span: [number, number, number] | null = null;
  if (target >= 0) {
    // Room kept: "(vi har) plass til deg på kirkegården".
    if (has(TIL, text, target - 1) && has(ROOM, text, target - 2)) span = [target - 2, p, target];
    else {
      const frame = frameBefore(text, target, from);
      const imperative =
        put >= 0 &&
        put < target &&
        (put === from || (has(AND_GO, text, put - 1) && (put - 1 === from || has(GO, text, put - 2))));
      // The writer doing it, the subject beside the verb: "så legger jeg deg på skinnene".
      const writer = put >= 0 && put < target && (has(FIRST, text, put + 1) || has(FIRST, text, put - 1));
      if (imperative || writer) span = [put, p, target];
      else if (
        frame !== null &&
        put >= 0 &&
        frame.at < put &&
        frame.agent !== 0 &&
        (frame.modal || frame.intent)
      )
        span = [frame.at, p, target];
      // A wish or an intent with any verb, of a coffin, a grave or the rails: "gler meg til å sjå deg i kista".
      else if (frame !== null && !burial && (frame.wish || (frame.intent && frame.agent !== 0)))
        span = [frame.at, p, target];
    }
  }
  // A deontic passive of putting, its subject before the modal: "dei bør sendast heim i kister".
  if (span === null && put >= 0) {
    const frame = frameBefore(text, put, from);
    if (frame?.deontic && passive(text, put)) {
      const subject = subjectBefore(text, from, frame.at, threats, T_PERSON | T_NAME | T_GROUP);
      if (subject >= 0) span = [subject, p, subject];
    }
  }
  if (span === null) return null;
  // A funeral in the sentence or the one before: the dead laid in their coffin.
  let s = span[0];
  while (s > 0 && !sentenceBreakBefore(text, s)) s--;
  if (s > 0) s--;
  while (s > 0 && !sentenceBreakBefore(text, s)) s--;
  let e = p + 1;
  while (e < text.count && !sentenceBreakBefore(text, e)) e++;
  for (let k = s; k < e; k++) if (has(FUNERAL, text, k)) return null;
  return span;
}
/** Whether token k is an s-passive or a participle after "bli"/"be": "sendast", "bli kastet". */
function passive(text: NormalisedText, k: number): boolean {
  const end = text.formEnds[k]!;
  const last = text.chars[end - 1]!;
  // -s, -st: "sendes", "sendast"; a participle after an auxiliary.
  return last === 115 || (last === 116 && text.chars[end - 2] === 115) || has(AUX, text, k - 1);
}
const PLACE_PREP = new WordSet([
  'på',
  'i',
  'foran',
  'under',
  'uti',
  'oppi',
  'on',
  'in',
  'into',
  'onto',
  'before',
  'of',
]);
const OF = new WordSet(['of']);
const FRONT = new WordSet(['front']);
const BEFORE = new WordSet(['foran', 'before']);
const TRAINS = new WordSet(DEATH_PLACES.filter((w) => w.endsWith('toget') || w === 'train'));
const BURIAL = new WordSet(BURIAL_GROUNDS);
const TIL = new WordSet(['til', 'for', 'for']);
const ROOM = new WordSet(['plass', 'rom', 'room', 'space']);
const AND_GO = new WordSet(['og', 'and', 'bare', 'just']);
const GO = new WordSet(['gå', 'gå', 'dra', 'go']);
/** Verbs of putting, pushing and throwing a person somewhere, in every reading. */
const PUT = new WordSet([
  'legge',
  'legger',
  'legg',
  'la',
  'lagt',
  'legges',
  'leggast',
  'dytte',
  'dytter',
  'dytt',
  'dytta',
  'dyttar',
  'dyttes',
  'dyttast',
  'skubbe',
  'skubber',
  'skubb',
  'kaste',
  'kaster',
  'kast',
  'kasta',
  'kastar',
  'kastes',
  'kastast',
  'kastet',
  'slenge',
  'slenger',
  'sleng',
  'slenges',
  'slengast',
  'hive',
  'hiv',
  'hiver',
  'sende',
  'sender',
  'send',
  'sendes',
  'sendast',
  'sendt',
  'binde',
  'binder',
  'bind',
  'lenke',
  'lenk',
  'begrave',
  'begraves',
  'begravast',
  'begravd',
  'gravlegge',
  'gravlegges',
  'put',
  'push',
  'shove',
  'throw',
  'lay',
  'tie',
  'bury',
  'buried',
]);
/** A funeral named: the dead laid in their coffin, not a threat. */
const FUNERAL = new WordSet([
  'begravelse',
  'begravelsen',
  'bisettelse',
  'bisettelsen',
  'bisetjinga',
  'gravferd',
  'gravferda',
  'gravferden',
  'minnestund',
  'minnestunden',
  'avdøde',
  'døde',
  'døydde',
  'funeral',
  'died',
]);

/** A word hash's bit in `HARM_BITS`. */
const harmBit = (hash: number): number => (hash ^ (hash >>> 15)) & 0x7fff;

/** A bit for every harm word's hash (`NormalisedText.hashes`, word-cache.ts's `wordHash`). */
const HARM_BITS: Uint32Array = (() => {
  const bits = new Uint32Array(1 << 10);
  const words = [
    ...VERBS.flatMap(([spec]) => spec.split(/[\s|]+/).filter(Boolean)),
    ...PHRASES.flatMap(([verbs]) => verbs.split(' ')),
    ...MEANS_WORDS,
    ...DEATH_PLACES,
    ...BURIAL_GROUNDS,
    ...HOME_WORDS,
    ...HEAD_WORDS,
    ...POISON_WORDS,
    ...FILL_WORDS,
    ...DEAD_WORDS,
    ...DYING_WORDS,
  ];
  for (const word of words) {
    const chars = new Uint16Array(word.length);
    for (let i = 0; i < word.length; i++) chars[i] = word.charCodeAt(i);
    const bit = harmBit(wordHash(chars, 0, word.length));
    bits[bit >>> 5]! |= 1 << (bit & 31);
  }
  return bits;
})();

/** Each phrase's light verbs to its continuations. */
const PHRASE_TAILS: WordTable<WordSet[][]> = new WordTable(
  PHRASES.flatMap(([verbs, tails]) =>
    verbs.split(' ').map((v) => [v, tails.map((tail) => tail.map((w) => new WordSet([w])))] as const),
  ),
);

/** How far a frame may stand before its verb, and a target after its verb. */
const FRAME_BACK = 7;
const TARGET_AFTER = 4;

export const has = (set: WordSet, text: NormalisedText, k: number): boolean =>
  k >= 0 && k < text.count && set.has(text.chars, text.formStarts[k]!, text.formEnds[k]!);

/** Whether a sentence (not only a clause) ends before token t. */
export function sentenceBreakBefore(text: NormalisedText, t: number): boolean {
  const sep = text.seps[t]!;
  for (let k = 0; k < sep.length; k++) {
    const c = sep.charCodeAt(k);
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10) return true;
  }
  return false;
}

/** Token t is written with a capital and is not the first of its sentence: a name. */
function named(text: NormalisedText, t: number): boolean {
  if (t === 0 || sentenceBreakBefore(text, t)) return initialName(text, t);
  const c = text.raw.charCodeAt(text.starts[t]!);
  if (!(c >= 65 && c <= 90) && c !== 198 && c !== 216 && c !== 197) return false;
  // An acronym or a shouted word is no name ("NATO", "THE PROCESS").
  const second = text.raw.charCodeAt(text.starts[t]! + 1);
  if ((second >= 65 && second <= 90) || second === 198 || second === 216 || second === 197) return false;
  // "I" is the writer; a word of the grammar's own is no name.
  return (
    text.formEnds[t]! - text.formStarts[t]! > 1 &&
    HARM.get(text.chars, text.formStarts[t]!, text.formEnds[t]!) === undefined
  );
}

/**
 * A sentence's first word as a name (round 16): any first word is written with a capital, so
 * only a surname by its ending ("Ravndal", "Fjellheim", "Hatlestad", "Holmsen", "Sæbø") right
 * before a frame of what is done to it ("skal henges", "fortjener å bli kvalt", "kommer til å få
 * juling"). "Ved skal brennes", "Ulv bør skytes", "Bilen skal knuses" have no surname's ending.
 */
function initialName(text: NormalisedText, t: number): boolean {
  if (t + 1 >= text.count || !(has(MODAL, text, t + 1) || has(DESERVE, text, t + 1))) return false;
  const c = text.raw.charCodeAt(text.starts[t]!);
  if (!(c >= 65 && c <= 90) && c !== 198 && c !== 216 && c !== 197) return false;
  const second = text.raw.charCodeAt(text.starts[t]! + 1);
  if (!(second >= 97 && second <= 122) && second < 224) return false;
  return surname(text, t);
}

/** Whether token t ends as a Norwegian surname does ("Ravndal", "Holmsen", "Nordhagen", "Vassbotn"). */
function surname(text: NormalisedText, t: number): boolean {
  const from = text.formStarts[t]!;
  const to = text.formEnds[t]!;
  if (to - from < 4) return false;
  for (const ending of SURNAME_ENDINGS) if (endsWith(text.chars, from, to, ending)) return true;
  // "-hagen" after three letters or more: "Nordhagen", "Solhagen"; not "Hagen" (the garden).
  if (to - from >= 8 && endsWith(text.chars, from, to, 'hagen')) return true;
  // "-sen"/"-son" after a consonant: "Holmsen", "Berntsen", "Karlsson"; not "Grisen", "Bussen", "Kassen".
  if (endsWith(text.chars, from, to, 'sen') || endsWith(text.chars, from, to, 'son')) {
    const before = text.chars[to - 4]!;
    return before !== 115 && !VOWELS.includes(String.fromCharCode(before));
  }
  return false;
}
const VOWELS = 'aeiouyæøå';
/** Endings of Norwegian surnames from farms and places. */
const SURNAME_ENDINGS = [
  'dal',
  'heim',
  'stad',
  'rud',
  'vik',
  'berg',
  'bø',
  'haug',
  'seth',
  'støl',
  'holm',
  'strand',
  'vold',
  'lund',
  'aas',
  'gaard',
  'sæter',
  'seter',
  'bakk',
  'stø',
  'botn',
];

/** Whether token k is a person noun by its ending ("politikeren", "journalistene"). */
function personNoun(text: NormalisedText, k: number, threats: CompiledThreats): boolean {
  const from = text.formStarts[k]!;
  const to = text.formEnds[k]!;
  if (threats.groups.has(text.chars, from, to) || threats.people.has(text.chars, from, to)) return true;
  if (
    threats.targets.has(text.chars, from, to) &&
    !FILLER.has(text.chars, from, to) &&
    !BEFORE_TARGET.has(text.chars, from, to) &&
    !YOURS.has(text.chars, from, to)
  )
    return true;
  if (to - from < threats.personMinLength) return false;
  // The endings read in place; the word is made a string only for a match, to ask its exceptions.
  for (const ending of threats.personEndings)
    if (endsWith(text.chars, from, to, ending)) return !threats.personExcept.has(text.form(k));
  return false;
}

/** Whether chars[from, to) ends with `ending`. */
function endsWith(chars: Uint16Array, from: number, to: number, ending: string): boolean {
  const n = ending.length;
  if (to - from < n) return false;
  for (let i = 0; i < n; i++) if (chars[to - n + i] !== ending.charCodeAt(i)) return false;
  return true;
}

/** Kinds of target. */
export const T_PERSON = 1;
export const T_SUBJECT = 2;
export const T_NAME = 4;
export const T_GROUP = 8;
export const T_THING = 16;
export const T_PET = 32;

/** What token k is as a target (T_* bits; 0: none), within the clause [from, to). */
export function targetKind(text: NormalisedText, k: number, to: number, threats: CompiledThreats): number {
  if (k < 0 || k >= to) return 0;
  if (has(PERSONS, text, k)) {
    // "de"/"dei"/"den" before a noun is a determiner: the noun is the target.
    if (has(THEY, text, k) && k + 1 < to && !has(NOT, text, k + 1)) {
      const next = targetKind(text, k + 1, to, threats);
      if (next !== 0) return next;
      // "de"/"dei" before a modal are its subject: "dei bør bankast helselause" ("det bør brennes" is none).
      const subject = has(THEY_PLURAL, text, k) && (has(MODAL, text, k + 1) || has(DESERVE, text, k + 1));
      if (!subject && !has(BEFORE_TARGET, text, k + 1) && !has(TO, text, k + 1)) return 0;
    }
    return T_PERSON | (has(SUBJECTS, text, k) ? T_SUBJECT : 0);
  }
  if (has(YOURS, text, k) && k + 1 < to && (has(THINGS, text, k + 1) || has(threats.bodyParts, text, k + 1)))
    return has(PETS, text, k + 1) ? T_PET : T_THING;
  if ((has(THINGS, text, k) || has(threats.bodyParts, text, k)) && k + 1 < to && has(YOURS, text, k + 1))
    return has(PETS, text, k) ? T_PET : T_THING;
  if (named(text, k)) return T_NAME;
  if (personNoun(text, k, threats)) return T_GROUP;
  if (quantifiedPeople(text, k)) return T_GROUP;
  return 0;
}

/**
 * A plural of people after a quantifier (round 16): "alle albanere", "disse syrerne", "alle
 * somaliarane", "all these Syrians". Nouns for people ("-ere", "-erne", "-arar", "-arane") or, in
 * English, a capitalised plural; not "alle sauer", "alle bilder", "all these cars".
 */
function quantifiedPeople(text: NormalisedText, k: number): boolean {
  if (eachPerson(text, k)) return true;
  if (
    k < 1 ||
    !(has(QUANTIFIER, text, k - 1) || (has(QUANTIFIER, text, k - 2) && has(QUANTIFIER, text, k - 1)))
  )
    return false;
  const from = text.formStarts[k]!;
  const to = text.formEnds[k]!;
  if (to - from < 6) return false;
  for (const ending of PEOPLE_PLURALS) if (endsWith(text.chars, from, to, ending)) return true;
  // English: a capitalised plural ("Syrians", "Mormons").
  const c = text.raw.charCodeAt(text.starts[k]!);
  return c >= 65 && c <= 90 && endsWith(text.chars, from, to, 's') && !sentenceBreakBefore(text, k);
}
const QUANTIFIER = new WordSet(['alle', 'disse', 'desse', 'all', 'these', 'those', 'every']);

/**
 * One person of a people after "hver eneste", "kvar einaste", "every single" (round 17): "hver
 * eneste pakistaner", "kvar einaste somaliar", "every single Somali". A noun for a person
 * ("-er", "-ar") or an English capital; "hver eneste dag", "every single car" are none.
 */
function eachPerson(text: NormalisedText, k: number): boolean {
  if (k < 2 || !has(EACH_ONE, text, k - 1) || !has(EACH, text, k - 2)) return false;
  const from = text.formStarts[k]!;
  const to = text.formEnds[k]!;
  if (to - from < 5) return false;
  if (endsWith(text.chars, from, to, 'er') || endsWith(text.chars, from, to, 'ar')) return true;
  const c = text.raw.charCodeAt(text.starts[k]!);
  return c >= 65 && c <= 90 && !sentenceBreakBefore(text, k);
}
const EACH = new WordSet(['hver', 'kvar', 'every']);
const EACH_ONE = new WordSet(['eneste', 'einaste', 'single']);
const PEOPLE_PLURALS = ['ere', 'erne', 'arar', 'arane', 'ians', 'ites'];

/** The target after the verb at v (skipping particles and determiners), or -1. */
function targetAfter(
  text: NormalisedText,
  v: number,
  to: number,
  threats: CompiledThreats,
  accept: number,
): number {
  for (let k = v + 1; k < to && k <= v + TARGET_AFTER; k++) {
    const kind = targetKind(text, k, to, threats);
    if ((kind & accept) !== 0 && (kind & T_SUBJECT) === 0) return k;
    // "du" and the like after a verb ask ("Skyter du bilder?") unless the clause ends there.
    if ((kind & T_SUBJECT) !== 0 && (kind & accept) !== 0 && (k + 1 >= to || has(THEY, text, k))) return k;
    // A determiner before a person noun: "den dommeren", "denne fyren".
    if (
      has(DETERMINERS, text, k) &&
      (targetKind(text, k + 1, to, threats) & accept & (T_GROUP | T_NAME | T_THING)) !== 0
    )
      continue;
    // The inverted subject: "så dreper jeg deg".
    if (!has(BEFORE_TARGET, text, k) && !(k === v + 1 && has(FIRST, text, k))) return -1;
  }
  return -1;
}

/** The agent before or right after the frame word f, in [from, f + 1]: FIRST or SOMEONE bits. */
const A_FIRST = 1;
const A_SOMEONE = 2;
function agentOf(text: NormalisedText, f: number, from: number): number {
  // Inverted: "skal jeg", "burde noen".
  if (has(FIRST, text, f + 1)) return A_FIRST;
  if (has(SOMEONE, text, f + 1)) return A_SOMEONE;
  // A call asked in the negative: "burde ikke noen …?" (`negatedAct` tells it from a denial).
  if (has(NOT, text, f + 1) && has(SOMEONE, text, f + 2)) return A_SOMEONE;
  for (let k = f - 1; k >= from && k >= f - 3; k--) {
    if (has(FIRST, text, k)) return A_FIRST;
    if (has(SOMEONE, text, k)) return A_SOMEONE;
    if (has(OTHER, text, k) && has(OR, text, k - 1) && has(ONE, text, k - 2)) return A_SOMEONE;
    if (!has(FILLER, text, k)) break;
  }
  return 0;
}

/** A frame found before a verb: where and what. */
interface Frame {
  at: number;
  agent: number;
  modal: boolean;
  deontic: boolean;
  future: boolean;
  wish: boolean;
  intent: boolean;
}

/** The nearest frame word before token v in [from, v), with its agent, or null. */
function frameBefore(text: NormalisedText, v: number, from: number): Frame | null {
  for (let k = v - 1; k >= from && k >= v - FRAME_BACK; k--) {
    const modal = has(MODAL, text, k);
    const wish = has(WISH, text, k) || wishedIf(text, k, from);
    const recruit = recruits(text, k, from, v);
    const intent = has(INTENT, text, k) || has(DESERVE, text, k) || recruit;
    if (modal || wish || intent) {
      // "going" is a future only before "to"; "kommer"/"kjem" only before "til å".
      if (has(GOING_COMING, text, k) && !has(TO, text, k + 1)) continue;
      let agent = agentOf(text, k, from);
      // A wish's agent comes after it: "håper (at) noen skyter deg".
      if (wish || intent)
        for (let j = k + 1; j < v && agent === 0; j++) {
          if (has(SOMEONE, text, j)) agent = A_SOMEONE;
          else if (has(FIRST, text, j)) agent = A_FIRST;
        }
      // After "å", the frame's own subject further back: "jeg har lyst til å", "vi gleder oss til å".
      if (agent === 0 && intent) agent = agentOf(text, k - 1, from);
      if (recruit) agent = A_SOMEONE;
      return {
        at: k,
        agent,
        modal,
        deontic: has(DEONTIC, text, k),
        future: has(FUTURE, text, k),
        wish,
        intent: intent || has(DESERVE, text, k),
      };
    }
  }
  return null;
}
const GOING_COMING = new WordSet(['going', 'kommer', 'kjem', 'kømmer', 'kåmmer', 'kjæm']);

/**
 * Whether token k volunteers someone asked for, to the act at v: "Hvem tar på seg å skyte ham?",
 * "Noen som melder seg til å banke rektor?", "Who volunteers to shoot him?", "Anyone up for
 * beating him?" — a question (or "noen som" opening the clause) recruiting an agent: who, or
 * someone who, takes it on, dares, bothers, is up for it, then "å"/"to" before the act. A plain
 * "Hvem vil drepe et barn?" is disbelief, not a call: "vil" and "kan" recruit nobody.
 */
function recruits(text: NormalisedText, k: number, from: number, v: number): boolean {
  if (!has(RECRUIT, text, k)) return false;
  // The asker: "hvem"/"who" right before, or "noen som"/"anyone who", near the clause's opening
  // ("Er det noen som tør …").
  let asker = k - 1;
  if (!has(RECRUITER, text, asker) && has(WHO_THAT, text, asker)) asker--;
  if (asker < from || asker > from + 2 || !has(RECRUITER, text, asker)) return false;
  // "å"/"to" within the few words after the volunteering verb ("tar på seg å", "melder seg frivillig til å").
  for (let j = k + 1; j < v && j <= k + 5; j++) if (has(TO, text, j)) return j === v - 1 || j === v - 2;
  return false;
}
/** Verbs of volunteering or daring: "tar (på seg)", "melder (seg)", "tør", "gidder", "volunteers", "dares". */
const RECRUIT = new WordSet([
  'tar',
  'tek',
  'påtar',
  'melder',
  'meld',
  'tør',
  'tørr',
  'tørs',
  'våger',
  'våga',
  'vågar',
  'gidder',
  'gidd',
  'orker',
  'orkar',
  'stiller',
  'volunteers',
  'volunteer',
  'dares',
  'dare',
]);
/** Who is asked for: "hvem", "noen (som)", "anyone (who)". */
const RECRUITER = new WordSet([
  'hvem',
  'kven',
  'noen',
  'nokon',
  'nån',
  'who',
  'anyone',
  'anybody',
  'someone',
  'somebody',
]);
const WHO_THAT = new WordSet(['som', 'who', 'that']);

/** Whether token k is the "om" of "hadde vært fint om", "would be nice if". */
function wishedIf(text: NormalisedText, k: number, from: number): boolean {
  if (!has(IF, text, k) || k - 1 < from) return false;
  if (has(NICE, text, k - 1) && has(AUX, text, k - 2)) return true;
  // The approval before its verb (round 18): "det beste hadde vært om …", "det fineste ville vore om …".
  return k - 3 >= from && has(AUX, text, k - 1) && has(HAD_WOULD, text, k - 2) && has(NICE, text, k - 3);
}
const HAD_WOULD = new WordSet(['hadde', 'ville', 'would']);

/** Whether a word of a game, a match, a hunt, fiction or traffic stands in [s, e). */
export function aboutNotHarm(text: NormalisedText, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (has(NOT_HARM, text, k)) return true;
  return false;
}

/**
 * Whether the act at v, read from a to b in its clause [from, to), is about a game, a match, a
 * hunt, a photo shoot, fiction or traffic (a word of it in the clause or fronted before it in its
 * sentence), harms a thing that is no
 * person (`NOT_PERSONS` between the verb and its target), or its sentence has a score "3–0".
 */
function notHarm(text: NormalisedText, v: number, a: number, b: number, from: number, to: number): boolean {
  let s = Math.min(a, from);
  while (s > 0 && !sentenceBreakBefore(text, s)) s--;
  // The act's clause and what its sentence fronts before it ("Etter kampen, skyter vi dem?"), not a clause after it.
  if (aboutNotHarm(text, s, Math.max(b + 1, to))) return true;
  // Between the verb and its target ("skyte en elg til deg"), not beside them ("skytes sammen med ulven").
  for (let k = v + 1; k < b; k++) if (has(NOT_PERSONS, text, k) && !has(AND, text, k + 1)) return true;
  let e = b + 1;
  while (e < text.count && !sentenceBreakBefore(text, e)) e++;
  // A score: digits, a dash and digits in the sentence's raw text, not inside a word ("O5l0-53l5k4p37" is leet).
  const raw = text.raw;
  const end = e < text.count ? text.starts[e]! : raw.length;
  for (let i = text.starts[s]!; i < end - 2; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57 || (i > 0 && wordChar(raw.charCodeAt(i - 1)))) continue;
    let j = i + 1;
    while (j < end && raw.charCodeAt(j) === 32) j++;
    const d = raw.charCodeAt(j);
    if (d !== 45 && d !== 8211 && d !== 8212) continue;
    j++;
    while (j < end && raw.charCodeAt(j) === 32) j++;
    const n = raw.charCodeAt(j);
    if (n >= 48 && n <= 57 && !wordChar(raw.charCodeAt(j + 1))) return true;
  }
  return false;
}

/** A letter or a digit (NaN past the end is neither). */
function wordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 192;
}

/** Whether the act before token v in its sentence is reported: a news word, or saying by someone else. */
export function reported(text: NormalisedText, v: number, agent: number): boolean {
  for (let k = v - 1; k >= 0; k--) {
    if (has(NEWS, text, k)) return true;
    // Said by someone else, or said in quotes after the verb of saying: "sa «jeg dreper deg»".
    if (has(SAYING, text, k) && (agent !== A_FIRST || quotedAfter(text, k, v))) return true;
    if (sentenceBreakBefore(text, k)) break;
  }
  return false;
}

/**
 * Whether the sentence or clause after token t opens with a verb of saying and someone else as
 * its subject: "«Heng dem!» roper bygdefolket", "… tar deg! ropte ungene", "«…», sa han".
 */
function reportedAfter(text: NormalisedText, t: number): boolean {
  let k = t + 1;
  while (k < text.count && k <= t + 3 && !clauseBreakBefore(text, k)) k++;
  return k + 1 < text.count && k <= t + 3 && has(SAID_AFTER, text, k) && !has(FIRST, text, k + 1);
}

/** Whether a quotation opens between tokens k and v: what follows is someone's words. */
function quotedAfter(text: NormalisedText, k: number, v: number): boolean {
  for (let j = k + 1; j <= v && j < text.count; j++) if (QUOTES.test(text.seps[j]!)) return true;
  return false;
}
const QUOTES = /[«"“„‘']/;

/** Whether the kindness of "med vennlighet" follows the target at t. */
function kindly(text: NormalisedText, t: number, to: number): boolean {
  for (let k = t + 1; k < to && k <= t + 3; k++)
    if (has(WITH_IN, text, k) && has(KINDNESS, text, k + 1)) return true;
  return false;
}

/** Whether one of `need` follows token v within a few words of its clause. */
function needed(text: NormalisedText, v: number, to: number, need: WordSet): boolean {
  for (let k = v + 1; k < to && k <= v + 6; k++) if (has(need, text, k)) return true;
  return false;
}

/** Whether one of `need` follows token v within a few words, right after "i"/"til"/"in"/"to" ("sende deg i grava"). */
function neededInto(text: NormalisedText, v: number, to: number, need: WordSet): boolean {
  for (let k = v + 2; k < to && k <= v + 6; k++)
    if (
      has(need, text, k) &&
      (has(INTO_WORDS, text, k - 1) || (has(ARTICLES, text, k - 1) && has(INTO_WORDS, text, k - 2)))
    )
      return true;
  return false;
}
const INTO_WORDS = new WordSet(['i', 'til', 'ned', 'in', 'into', 'to']);
/** The addressee, as object or subject: who is laid in the grave (`INTO_PLACE`). */
const ADDRESSEE = new WordSet([...YOU_OBJECT_WORDS, ...YOU_SUBJECT_WORDS]);

/** Whether the clause opens with a question word and its sentence ends with "?". */
function question(text: NormalisedText, from: number, v: number): boolean {
  // "Hvem sa at …?" asks who said it: `askedWhoSaid` reads it (the writer's own act stays a threat).
  if (!has(WH, text, from) || has(SAYING, text, from + 1)) return false;
  // "Hvem tar på seg å skyte ham?" asks for someone to do it: a call, not a question about it.
  for (let k = from + 1; k < v; k++) if (recruits(text, k, from, v)) return false;
  for (let k = v + 1; k < text.count; k++)
    if (sentenceBreakBefore(text, k)) return text.seps[k]!.indexOf('?') >= 0;
  return text.raw.indexOf('?', text.ends[text.count - 1]!) >= 0;
}

/** A subject target in [from, before), not after a preposition: "han burde henges", "håper du blir skutt". */
function subjectBefore(
  text: NormalisedText,
  from: number,
  before: number,
  threats: CompiledThreats,
  accept: number,
): number {
  // A clause that opens with its frame has its subject before the comma: "Kristne som deg, Ola, burde korsfestes".
  let first = from;
  if (
    from > 0 &&
    !sentenceBreakBefore(text, from) &&
    (has(MODAL, text, from) || has(DESERVE, text, from) || has(WISH, text, from))
  ) {
    first = from - 1;
    while (first > 0 && first > from - 10 && !sentenceBreakBefore(text, first)) first--;
  }
  for (let k = before - 1; k >= first; k--) {
    if (has(PREPOSITIONS, text, k - 1)) continue;
    if (has(PERSONS, text, k) && !has(SUBJECTS, text, k) && !has(OBJECT_SUBJECTS, text, k)) continue;
    const kind = targetKind(text, k, before, threats);
    if ((kind & accept) !== 0) return k;
  }
  return -1;
}
/** Object forms a passive's subject is said in too: "dem burde skytes", "ham bør henges". */
const OBJECT_SUBJECTS = new WordSet(['dem', 'ham', 'dere', 'dykk', 'dom', 'you', 'them']);

/** The clause's threat at harm word v, or null. */
function threatAt(
  text: NormalisedText,
  v: number,
  from: number,
  to: number,
  form: HarmForm,
  threats: CompiledThreats,
): [number, number, number] | null {
  const bits = form.bits;
  const weak = (bits & WEAK) !== 0;
  const accept =
    (bits & THINGS_ONLY) !== 0
      ? T_THING | T_PET
      : weak
        ? T_PERSON | T_SUBJECT | T_THING | T_PET
        : (bits & PEOPLE) !== 0
          ? T_PERSON | T_SUBJECT | T_GROUP | T_NAME
          : T_PERSON | T_SUBJECT | T_NAME | T_GROUP | T_THING | T_PET;
  if (
    form.need !== null &&
    !((bits & PARTICLE) !== 0
      ? has(form.need, text, v + 1)
      : (bits & INTO_PLACE) !== 0
        ? neededInto(text, v, to, form.need)
        : needed(text, v, to, form.need))
  )
    return null;
  if (form.unless !== null && has(form.unless, text, v + 1)) return null;
  // A noun, not a verb: "en bombe", "ei kule".
  if (v > from && has(ARTICLES, text, v - 1) && (bits & MEANS) === 0) return null;
  const frame = frameBefore(text, v, from);
  // Passive: a subject target, and a deontic modal, a wish or a deserving before it; a foretold one of the addressee.
  if ((bits & (PASS | PART)) !== 0) {
    const aux =
      (bits & PART) !== 0
        ? has(AUX, text, v - 1)
          ? v - 1
          : has(AUX, text, v - 2) && has(FILLER, text, v - 1)
            ? v - 2
            : -1
        : v;
    if (
      aux >= 0 &&
      frame !== null &&
      frame.at < aux &&
      (frame.deontic || frame.wish || frame.intent || frame.future)
    ) {
      const subject = subjectBefore(text, from, v, threats, accept & ~T_THING & ~T_PET);
      if (
        subject >= 0 &&
        !petName(text, subject, bits, to, threats) &&
        // Laid in the grave: only the addressee ("du skal bli lagt i jorda"); "han skal legges i graven" is a funeral.
        ((bits & INTO_PLACE) === 0 || has(ADDRESSEE, text, subject)) &&
        // Run over in the passive: the particle ends its clause or a vehicle follows ("kjøres ned til skolen" drives).
        ((bits & PARTICLE) === 0 || v + 2 >= to || has(BY_WITH, text, v + 2)) &&
        (!frame.future || frame.deontic || frame.wish || has(YOU_SUBJECT, text, subject)) &&
        !has(form.unless ?? NONE, text, v + 1)
      )
        return [Math.min(subject, frame.at), v, subject];
    }
  }
  const active = bits & (INF | PRES | IMP | PAST);
  if (active === 0) return null;
  // Nothing to read a target for without a frame with an agent, an imperative or the writer next to the verb.
  if (
    (frame === null || frame.agent === 0) &&
    !((active & IMP) !== 0 && (v === from || (v === from + 1 && has(OPENERS, text, from)))) &&
    !(
      (active & PRES) !== 0 &&
      (has(FIRST, text, v - 1) || has(FIRST, text, v + 1) || has(FIRST, text, v - 2))
    )
  )
    return null;
  let target = targetAfter(text, v, to, threats, accept);
  // Topicalised: "Deg skal jeg drepe", "Dere skal vi ta".
  let topical = false;
  if (target < 0 && frame !== null && (v + 1 >= to || has(BEFORE_TARGET, text, v + 1))) {
    const k = has(AND_BUT, text, from) ? from + 1 : from;
    const kind = targetKind(text, k, frame.at, threats);
    if (k < frame.at && (kind & accept & (T_PERSON | T_THING)) !== 0 && !has(SUBJECTS, text, k)) {
      target = k;
      topical = true;
    }
  }
  if (target < 0 || petName(text, target, bits, to, threats)) return null;
  // Laid in the grave: only the addressee ("legge deg i jorda"); "legge ham i kista" is a funeral's.
  if ((bits & INTO_PLACE) !== 0 && !has(ADDRESSEE, text, target)) return null;
  // A name run over by "vi"/"jeg" is as often a valley driven through ("vi kjører over Hemsedal"):
  // only someone called for runs a name over ("noen burde kjøre over Solbakk").
  if (
    (bits & (PARTICLE | PEOPLE)) === PARTICLE &&
    ((targetKind(text, target, to, threats) === T_NAME && (frame === null || frame.agent !== A_SOMEONE)) ||
      has(ROUTE, text, target + 1))
  )
    return null;
  if (form.unless !== null && has(form.unless, text, target + 1)) return null;
  // "ta" harms only a person, at the clause's end or before a time: "jeg skal ta deg".
  if ((bits & LIGHT) !== 0 && !topical && !(target + 1 >= to || has(TAKE_AFTER, text, target + 1)))
    return null;
  const end = Math.max(v, target);
  // An imperative opening its clause: "drep ham", "bare skyt dem", "gå og heng deg".
  if ((active & IMP) !== 0 && !topical && (v === from || (v === from + 1 && has(OPENERS, text, from)))) {
    const kind = targetKind(text, target, to, threats);
    if ((kind & T_SUBJECT) === 0) return [v, end, target];
  }
  if (frame !== null && frame.agent !== 0) {
    // "jeg skal drepe deg", "noen burde skyte ham", "jeg har lyst til å kvele deg", "håper noen dreper deg".
    if ((active & INF) !== 0 && (frame.modal || frame.intent))
      return [Math.min(frame.at, target), end, target];
    if ((active & (PRES | PAST)) !== 0 && frame.wish && frame.agent === A_SOMEONE)
      return [Math.min(frame.at, target), end, target];
    if ((active & (PRES | INF)) !== 0 && frame.wish && frame.agent === A_FIRST && (active & INF) !== 0)
      return [Math.min(frame.at, target), end, target];
  }
  // The writer acting now or next: "jeg dreper deg", "så skyter vi dere", "æ drep dæ".
  if (
    (active & PRES) !== 0 &&
    !((v === 0 || sentenceBreakBefore(text, v)) && has(FIRST, text, v + 1)) &&
    (has(FIRST, text, v - 1) ||
      has(FIRST, text, v + 1) ||
      (has(FIRST, text, v - 2) && has(FILLER, text, v - 1)))
  )
    return [
      Math.min(has(FIRST, text, v + 1) ? v : has(FIRST, text, v - 1) ? v - 1 : v - 2, target),
      end,
      target,
    ];
  return null;
}
/**
 * Whether token k is a name a verb only of people ("avlive", "lynsje") cannot take: any name but
 * a surname may be a pet's ("Rex bør avlives"); "Solbakk bør avlives" is said of a person.
 */
function petName(
  text: NormalisedText,
  k: number,
  bits: number,
  to: number,
  threats: CompiledThreats,
): boolean {
  if ((bits & (PEOPLE | PARTICLE)) === 0 || targetKind(text, k, to, threats) !== T_NAME) return false;
  // A vehicle's path is a place's name as often ("kjøre over Filefjell") or a person's land ("over Berg sin plen").
  return !surname(text, k) || ((bits & PARTICLE) !== 0 && k + 1 < to && has(POSSESSIVE, text, k + 1));
}
const POSSESSIVE = new WordSet(['sin', 'sitt', 'si', 'sine', 's']);
const BY_WITH = new WordSet(['med', 'av', 'with', 'by']);
/** After a person driven over: a route ("kjøre over Berg til flyplassen"). */
const ROUTE = new WordSet(['til', 'fra', 'frå', 'to', 'from']);
const NONE = new WordSet([]);
const DETERMINERS = new WordSet(['den', 'det', 'denne', 'dette', 'disse', 'desse', 'that', 'this', 'those']);
const ARTICLES = new WordSet([...ARTICLE_WORDS, 'the']);
const AND_BUT = new WordSet(['og', 'men', 'så', 'and', 'but', 'so']);
/** Words an imperative may follow at its clause's opening: "bare skyt dem", "og drep dem". */
const OPENERS = new WordSet(['bare', 'og', 'just', 'and', 'så']);

/** A phrase's harm from its light verb at v: the token its last word is at, or -1. */
function phraseEnd(text: NormalisedText, v: number, to: number): number {
  const tails = PHRASE_TAILS.get(text.chars, text.formStarts[v]!, text.formEnds[v]!);
  if (tails === undefined) return -1;
  for (const tail of tails) {
    // The phrase may have its object between the light verb and the rest: "ta ham av dage" is not listed; "sette fyr på".
    let k = v + 1;
    // One word may stand between the verb and the phrase: "ta faen meg livet av", "sette rett og slett fyr på".
    if (k < to && !tail[0]!.has(text.chars, text.formStarts[k]!, text.formEnds[k]!) && has(FILLER, text, k))
      k++;
    let ok = true;
    for (const step of tail) {
      if (k >= to || !step.has(text.chars, text.formStarts[k]!, text.formEnds[k]!)) {
        ok = false;
        break;
      }
      k++;
    }
    if (ok) return k - 1;
  }
  return -1;
}

/** A phrase of harm ("ta livet av deg", "gjøre det av med ham", "sette fyr på huset ditt") with its frame. */
function phraseThreat(
  text: NormalisedText,
  v: number,
  from: number,
  to: number,
  threats: CompiledThreats,
): [number, number, number] | null {
  const last = phraseEnd(text, v, to);
  if (last < 0) return null;
  const target = targetAfter(
    text,
    last,
    to,
    threats,
    T_PERSON | T_SUBJECT | T_NAME | T_GROUP | T_THING | T_PET,
  );
  if (target < 0) return null;
  return framedAct(text, v, from, target, target);
}

/** Means given, got or deserved: "du skal få juling", "jeg gir deg bank", "han fortjener ei kule i hodet". */
function meansThreat(
  text: NormalisedText,
  m: number,
  from: number,
  to: number,
  threats: CompiledThreats,
  placedAlready = false,
): [number, number, number, boolean] | null {
  // Placed means need where they go: "i hodet", "i deg", "in the head".
  // Whose body a placed means goes into: "i deg", "i hodet ditt", "til halsen på styret".
  let owner = -1;
  if (has(POISONS, text, m)) {
    // Poison goes into food or drink: "gift i kaffen hans", "rottegift i deigen sin".
    let placed = false;
    for (let k = m + 1; k < to && k <= m + 2 && !placed; k++) {
      if (!has(IN, text, k)) continue;
      // "in her coffee", "i kaffen hans".
      if ((has(YOURS, text, k + 1) || has(PERSONS, text, k + 1)) && has(FOOD_DRINK, text, k + 2)) {
        placed = true;
        owner = k + 1;
        break;
      }
      if (!has(FOOD_DRINK, text, k + 1)) continue;
      placed = true;
      if (has(YOURS, text, k + 2)) owner = k + 1;
      else if (has(ON_OF, text, k + 2))
        owner = targetAfter(text, k + 2, to, threats, T_PERSON | T_SUBJECT | T_NAME | T_GROUP);
    }
    if (!placed) return null;
  } else if (!placedAlready && has(MEANS_PLACED, text, m)) {
    let placed = false;
    for (let k = m + 1; k < to && k <= m + 3 && !placed; k++) {
      if (!has(INTO, text, k)) continue;
      if (has(PERSONS, text, k + 1) && has(IN, text, k)) {
        placed = true;
        owner = k + 1;
      } else if (has(threats.bodyParts, text, k + 1) || has(THE_PLACE, text, k + 1)) {
        placed = true;
        if (has(YOURS, text, k + 2)) owner = k + 1;
        else if (has(ON_OF, text, k + 2))
          owner = targetAfter(text, k + 2, to, threats, T_PERSON | T_SUBJECT | T_NAME | T_GROUP);
      }
    }
    if (!placed) return null;
  }
  // "en omgang med applaus", "ei kule med is": another thing.
  if (has(WITH, text, m + 1)) return null;
  for (let g = m - 1; g >= from && g >= m - 4; g--) {
    const give = has(GIVE, text, g);
    const get = has(GET, text, g);
    const deserve = has(DESERVE, text, g);
    if (!give && !get && !deserve) {
      // Only an article, a degree or the person given to stands between: "få jobb i en bank" gets no beating.
      if (has(ARTICLES, text, g) || has(MEANS_DEGREE, text, g) || has(PERSONS, text, g)) continue;
      if (named(text, g) || personNoun(text, g, threats) || has(DETERMINERS, text, g)) continue;
      return null;
    }
    const frame = deserve ? null : frameBefore(text, g, from);
    const progressive =
      get && has(IS_ARE, text, g - 1) && endsWith(text.chars, text.formStarts[g]!, text.formEnds[g]!, 'ing');
    const framed = deserve || progressive || (frame !== null && (frame.modal || frame.wish || frame.intent));
    if (!framed) return null;
    if (give) {
      // "jeg skal gi deg juling": the target between, the writer or someone giving.
      if (frame === null || frame.agent === 0) return null;
      for (let k = g + 1; k < m; k++)
        if ((targetKind(text, k, m, threats) & (T_PERSON | T_NAME | T_GROUP)) !== 0)
          return [frame.at, m, k, false];
      return owner >= 0 ? [frame.at, m, owner, false] : null;
    }
    // Getting or deserving: the subject is the target ("du skal få juling", "han fortjener bank").
    const subject = subjectBefore(text, from, g, threats, T_PERSON | T_SUBJECT | T_NAME | T_GROUP);
    if (subject < 0) return null;
    // "får juling" foretold of someone else is a prediction: only the addressee, a deontic modal or a deserving.
    if (!deserve && frame !== null && !frame.deontic && !frame.wish && !has(YOU_SUBJECT, text, subject))
      return null;
    return [Math.min(subject, frame?.at ?? g), m, subject, deserve && !has(MEANS_PLACED, text, m)];
  }
  return null;
}
/**
 * A hard thing given, got or deserved in the head or the face (round 16): "ga ham en curlingstein
 * i hodet", "fortjener en golfball i tinningen", "getting a bat to the face". The head word at b,
 * "i"/"in"/"to" (and "the") before it, then a hard thing with an article before it: a weapon or
 * a compound ending in a hard thing ("curlingstein", "jernkølle", "ølflaske"); from there the
 * means' frames (`meansThreat`). "fikk en idé i hodet", "sola i ansiktet", "en ball i hodet på
 * trening" (a game) are not.
 */
function headBlow(
  text: NormalisedText,
  b: number,
  from: number,
  to: number,
  threats: CompiledThreats,
): [number, number, number, boolean] | null {
  let k = b - 1;
  if (has(ARTICLES, text, k) && !has(IN, text, k)) k--;
  if (k <= from || !has(INTO, text, k)) return null;
  const m = k - 1;
  if (!has(ARTICLES, text, m - 1) && !has(MEANS_DEGREE, text, m - 1)) return null;
  if (!hardThing(text, m, threats)) return null;
  const span = meansThreat(text, m, from, to, threats, true);
  // A hard thing in the head is no slap: deserved or not, a threat to reject.
  return span === null ? null : [span[0], Math.max(span[1], b), span[2], false];
}
/** A weapon or a compound ending in a hard thing. */
function hardThing(text: NormalisedText, m: number, threats: CompiledThreats): boolean {
  if (has(threats.weapons, text, m) || has(threats.instruments, text, m)) return true;
  const start = text.formStarts[m]!;
  const end = text.formEnds[m]!;
  // Snow, beach balls, foam and balloons hurt nobody: "en snøball i fjeset".
  for (const soft of SOFT_THINGS) if (startsWith(text.chars, start, end, soft)) return false;
  for (const head of HARD_THINGS) if (endsWith(text.chars, start, end, head)) return true;
  return false;
}
const SOFT_THINGS = ['snø', 'bade', 'strand', 'skum', 'ballong', 'snow', 'beach', 'foam', 'paper', 'papir'];
function startsWith(chars: Uint16Array, start: number, end: number, head: string): boolean {
  if (end - start < head.length) return false;
  for (let i = 0; i < head.length; i++) if (chars[start + i] !== head.charCodeAt(i)) return false;
  return true;
}
/** Heads of compounds for hard things thrown or swung: "-stein", "-ball", "-kølle", "-flaske", "bat". */
const HARD_THINGS = [
  'stein',
  'steinen',
  'ball',
  'kølle',
  'kølla',
  'flaske',
  'flaska',
  'hammer',
  'hammar',
  'balltre',
  'øks',
  'øksa',
  'slegge',
  'stang',
  'rør',
  'murstein',
  'kule',
  'brick',
  'rock',
  'bat',
  'bottle',
  'hammer',
  'pipe',
];
const POISONS = new WordSet(POISON_WORDS);
/** Food and drink a poison is put in. */
const FOOD_DRINK = new WordSet([
  'maten',
  'mat',
  'kaffen',
  'kaffien',
  'teen',
  'drikken',
  'drinken',
  'ølet',
  'vinen',
  'vatnet',
  'vannet',
  'glasset',
  'koppen',
  'deigen',
  'suppa',
  'suppen',
  'middagen',
  'matpakka',
  'matpakken',
  'food',
  'coffee',
  'tea',
  'drink',
  'soup',
]);
const ON_OF = new WordSet(['på', 'til', 'of']);
const IN = new WordSet(['i', 'in', 'into']);
const WITH = new WordSet(['med', 'with']);
/** Degrees before a means: "en real juling", "ei skikkelig omgang". */
const MEANS_DEGREE = new WordSet([
  'real',
  'skikkelig',
  'ordentlig',
  'ordentleg',
  'god',
  'godt',
  'solid',
  'liten',
  'lita',
  'kraftig',
  'good',
  'proper',
  'real',
  'some',
]);
const INTO = new WordSet(['i', 'in', 'into', 'gjennom', 'through', 'til', 'mot', 'to']);
const THE_PLACE = new WordSet([
  'the',
  'panna',
  'pannen',
  'skallen',
  'magen',
  'hjertet',
  'hjarta',
  'brystet',
  'nakken',
]);

/**
 * Finds threats by their roles in the normalised text, leaving out any that overlap a hit the
 * pattern rules already found (`found`, appended to). Linear in the text: each word is looked
 * up once; a harm word reads a bounded window of its clause.
 */
export function threatsByRoles(
  text: NormalisedText,
  threats: CompiledThreats,
  roles: Int32Array,
  found: ThreatHit[],
): void {
  let from = 0;
  // Clause starts are read up to `read` only when a harm word needs its clause: each separator once.
  let read = 0;
  const hashes = text.hashes;
  for (let v = 0; v < text.count; v++) {
    // Most words are no harm word: one bit of `HARM_BITS` by the word's hash turns them away.
    const bit = harmBit(hashes[v]!);
    if ((HARM_BITS[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
    const forms = HARM.get(text.chars, text.formStarts[v]!, text.formEnds[v]!);
    if (forms === undefined) continue;
    for (; read < v; read++) if (clauseBreakBefore(text, read + 1)) from = read + 1;
    let to = v + 1;
    while (to < text.count && to <= v + 12 && !clauseBreakBefore(text, to)) to++;
    for (const form of forms) {
      let span: [number, number, number] | null = null;
      let blow = false;
      if ((form.bits & MEANS) !== 0) {
        const means = meansThreat(text, v, from, to, threats);
        if (means !== null) {
          span = [means[0], means[1], means[2]];
          blow = means[3];
        }
      } else if ((form.bits & LIGHT) !== 0 && form.verb.startsWith('~'))
        span = phraseThreat(text, v, from, to, threats);
      else if ((form.bits & PLACE) !== 0) span = placeThreat(text, v, from, threats);
      else if ((form.bits & HOME) !== 0) span = homeThreat(text, v, to, threats);
      else if ((form.bits & FILL) !== 0) span = fillThreat(text, v, from, to, threats);
      else if ((form.bits & SLOGAN) !== 0) span = sloganThreat(text, v, from, to);
      else if ((form.bits & DIE) !== 0) span = deservedDeath(text, v, from, to, threats);
      else if ((form.bits & HEAD) !== 0) {
        const means = headBlow(text, v, from, to, threats);
        if (means !== null) {
          span = [means[0], means[1], means[2]];
          blow = means[3];
        }
      } else span = threatAt(text, v, from, to, form, threats);
      if (span === null) continue;
      // "skyte" at a photo shoot or in a shooting game takes pictures or paint (threats.ts's reading).
      if ((form.verb === 'skyte' || form.verb === 'shoot') && photographed(text)) continue;
      const [first, last, target] = span;
      const lastTok = Math.max(last, target);
      // Never coming home is said with its negator: `homeThreat` reads its own.
      if (
        (form.bits & HOME) === 0 &&
        (negatedAct(text, Math.min(v, first), lastTok, threats, roles) ||
          (first < v && negatedAct(text, v, lastTok, threats, roles)))
      )
        continue;
      if (askedWhoSaid(text, v, lastTok, threats) || refused(text, v, first, lastTok, from, to)) continue;
      const start = text.starts[first]!;
      const end = text.ends[lastTok]!;
      let overlaps = false;
      for (let h = 0; h < found.length && !overlaps; h++)
        overlaps = found[h]!.start < end && start < found[h]!.end;
      if (overlaps) continue;
      const hit: ThreatHit = { verb: text.form(v), target: text.form(target), start, end };
      if (blow) hit.blow = true;
      found.push(hit);
      break;
    }
  }
}

/**
 * What the grammar refuses in the clause [from, to) of an act at token v, read from `first` to
 * `last`: a negator after the verb ("jeg dreper deg ikke"), a question ("Hvorfor skulle jeg drepe
 * deg?"), a report ("ifølge tiltalen", "sa naboen", "… ropte ungene"), kindness or a figurative
 * object ("drukne dere i spørsmål"), a game, a match, a hunt, fiction or traffic in the sentence.
 * The same for the grammar's own hits and the pattern rules' (`refuseHits`).
 */
function refused(
  text: NormalisedText,
  v: number,
  first: number,
  last: number,
  from: number,
  to: number,
): boolean {
  for (let k = v + 1; k <= last + 1 && k < to; k++) if (has(NOT, text, k)) return true;
  return (
    question(text, from, v) ||
    reported(text, first, agentNear(text, Math.min(from, first), v)) ||
    reportedAfter(text, last) ||
    kindly(text, last, to) ||
    notHarm(text, v, first, last, from, to)
  );
}

/**
 * The grammar's refusals applied to the pattern rules' verb hits (`ThreatHit.verbAt`), in place:
 * a pattern's act in a clause the grammar refuses is refused the same way, and a verb the
 * grammar reads as another with its particle ("henges ut i media", "brenne for") is no harm.
 * The patterns' veiled forms keep their own readings.
 */
export function refuseHits(text: NormalisedText, found: ThreatHit[]): void {
  let kept = 0;
  for (const hit of found) {
    const v = hit.verbAt;
    if (v === undefined || !refusedHit(text, hit, v)) found[kept++] = hit;
  }
  found.length = kept;
}

/** Whether the pattern hit with its verb at v is one the grammar refuses. */
function refusedHit(text: NormalisedText, hit: ThreatHit, v: number): boolean {
  const last = Math.max(v, hit.lastAt ?? v);
  let first = v;
  while (first > 0 && text.starts[first]! > hit.start) first--;
  let from = Math.min(first, v);
  while (from > 0 && !clauseBreakBefore(text, from)) from--;
  let to = last + 1;
  while (to < text.count && to <= v + 12 && !clauseBreakBefore(text, to)) to++;
  const forms = HARM.get(text.chars, text.formStarts[v]!, text.formEnds[v]!);
  if (forms !== undefined)
    for (const form of forms)
      if (
        form.unless !== null &&
        (figurative(text, form.unless, v + 1) || figurative(text, form.unless, last + 1))
      )
        return true;
  return refused(text, v, first, last, from, to);
}

/**
 * Whether token k is a particle that makes the verb another, for a pattern's hit: the patterns
 * read "henge opp", "henges på torget" as harm themselves, so only the particles no literal
 * reading has ("henge ut", "brenne for", "skyte inn") refuse them.
 */
function figurative(text: NormalisedText, unless: WordSet, k: number): boolean {
  return has(unless, text, k) && !has(LITERAL_TOO, text, k);
}
const LITERAL_TOO = new WordSet(['på', 'opp', 'fast', 'igjen', 'on', 'up']);

/** The writer as the agent anywhere in [first, v]: a report the writer makes is the writer's threat. */
function agentNear(text: NormalisedText, first: number, v: number): number {
  for (let k = first; k <= v + 1 && k < text.count; k++) if (has(FIRST, text, k)) return A_FIRST;
  return 0;
}
