"""The default thesaurus rules (Bokmål and the English glossary), each with its source note.

Data only: `insight.search.thesaurus` parses them; an admin edits the stored copy at
/admin/thesaurus.
"""

# Each rule ends with its source after `  # `: "general Norwegian" (a dictionary synonym or an
# inflection the stemmer misses), "care terminology" (the standard term and its common variants in
# municipal health and care services), "vocabulary" (a concept of the vocabularies and its
# labels). Narrower-term lists written for one test query were removed (issue 11):
# `medisiner => tabletter, dosett, …`, `urolig => forvirret, sint, …`,
# `velferdsteknologi => sensor, sengesensor, …`, `informasjon => forklarte, …`,
# `ernæring => måltid, vekt`, `angst/trygghet => utrygg, redd, …`, `språk => tolk, …`,
# `kultur => bakgrunn, …`, `pårørende => datter, sønn, …`.
DEFAULT_SYNONYMS = """
pårørende, familie, familien, nærmeste  # care terminology (pårørende = next of kin)
datter, sønn, ektefelle, kone, ektemann => pårørende  # general Norwegian: family
bruker, pasient, beboer, tjenestemottaker  # care terminology: the person receiving a service
lege, tilsynslege, sykehjemslege  # care terminology
hjemmesykepleie, hjemmetjeneste, hjemmetjenesten, hjemmesykepleien  # care terminology
saksbehandler, tildelingskontor  # care terminology: who processes an application
primærkontakt, kontaktperson  # care terminology
legemidler, legemiddel, medisiner, medisin, medikamenter  # general Norwegian
tabletter, piller  # general Norwegian
smerte, smerter, vondt  # general Norwegian
angst, engstelig, redd, bekymret  # general Norwegian
uro, urolig, rastløs, agitert  # general Norwegian
demens, kognitiv svikt  # care terminology
depresjon, nedstemt, nedstemthet  # general Norwegian
søvn, sove, sovne  # general Norwegian: noun and verb
fall, falle, falt, fallskade  # general Norwegian: noun and verb
ernæring, kosthold  # general Norwegian
vekttap, vektnedgang, gått ned i vekt  # general Norwegian
matlyst, appetitt  # general Norwegian
måltid, måltider  # general Norwegian: the plural the stemmer misses
korttidsopphold, korttidsplass  # care terminology
avlastning, avlastningsopphold  # care terminology
rehabilitering, opptrening  # care terminology
hjemreise, utreise  # care terminology: the end of a stay
sykehjem, institusjon  # care terminology
søknad, søke, søkte  # general Norwegian: noun and verb
ventetid, venteliste  # general Norwegian
informasjon, beskjed, info  # general Norwegian
samtale, dialog  # general Norwegian
bemanning, personale, ansatte  # general Norwegian
ensomhet, ensom  # general Norwegian: noun and adjective
aktivitet, aktiviteter, aktivisering  # general Norwegian
trygghet, trygg, trygge  # general Norwegian: noun and adjective
velferdsteknologi, omsorgsteknologi  # care terminology (Helsedirektoratet uses both)
nettbrett, ipad  # general Norwegian
mål, målsetting  # general Norwegian
mobilitet, bevegelse  # general Norwegian
# Nouns and adjectives or verbs of one meaning that the stemmer keeps apart (general Norwegian,
# Bokmålsordboka): a question in everyday words uses the adjective, a report the noun.
frustrasjon, frustrert  # general Norwegian: noun and adjective
skuffelse, skuffet  # general Norwegian: noun and adjective
forvirring, forvirret, desorientert  # general Norwegian
usikkerhet, usikker  # general Norwegian: noun and adjective
stress, stresset  # general Norwegian: noun and adjective
bekymring, bekymret, bekymre  # general Norwegian
sinne, sint  # general Norwegian: noun and adjective
tristhet, trist, lei seg, nedfor  # general Norwegian
tretthet, trøtt, sliten, utmattet, utmattelse  # general Norwegian
svimmelhet, svimmel  # general Norwegian: noun and adjective
tilfredshet, tilfreds, fornøyd  # general Norwegian
misnøye, misfornøyd, utilfreds  # general Norwegian
takknemlighet, takknemlig  # general Norwegian: noun and adjective
glede, glad  # general Norwegian: noun and adjective
selvstendighet, selvstendig  # general Norwegian: noun and adjective
avhengighet, avhengig  # general Norwegian: noun and adjective
hjelp, bistand  # general Norwegian (bistand: the legal term, helse- og omsorgstjenesteloven)
besøk, besøke, besøkende  # general Norwegian: noun and verb
telefon, ringe, ringte, telefonsamtale  # general Norwegian: noun and verb
trene, trening  # general Norwegian: noun and verb
spise, spising, spist  # general Norwegian: verb and noun
drikke, drikking, væske, væskeinntak  # care terminology: fluid intake
sult, sulten  # general Norwegian: noun and adjective
gåtur, spasertur, tur  # general Norwegian
synge, sang, allsang  # general Norwegian: verb and noun
klær, tøy, klesplagg  # general Norwegian
toalett, wc  # general Norwegian (not `do`: an English function word too)
dusj, dusje, dusjing  # general Norwegian: noun and verb
vandring, vandre, vandrer  # care terminology (dementia care): noun and verb
utagering, utagerende, aggresjon, aggressiv  # care terminology
hukommelse, minne  # general Norwegian
alzheimer => demens  # care terminology: the commonest dementia disease
hjerneslag, slagtilfelle, hjerneinfarkt  # care terminology (helsenorge.no)
diabetes, sukkersyke  # general Norwegian
trykksår, liggesår  # care terminology
inkontinens, urinlekkasje  # care terminology
pustebesvær, tungpustet, åndenød  # care terminology
søvnløshet, søvnvansker, søvnproblemer  # general Norwegian
trygghetsalarm, personalarm  # care terminology (welfare technology)
medisindispenser, legemiddeldispenser, medisinautomat  # care terminology (welfare technology)
videosamtale, videokonsultasjon  # care terminology
datamaskin, pc  # general Norwegian
hjemmehjelp, praktisk bistand  # care terminology (helse- og omsorgstjenesteloven)
dagsenter, dagtilbud  # care terminology
langtidsopphold, langtidsplass, fast plass  # care terminology
pleiehjem, aldershjem => sykehjem  # general Norwegian: older words for a nursing home
innleggelse, innlagt  # care terminology: noun and participle
utskrivning, utskriving, utskrevet  # care terminology (utskriving: Helsedirektoratet's spelling)
journal, pasientjournal  # care terminology
vedtak, enkeltvedtak  # care terminology (forvaltningsloven)
avslag, avslått  # general Norwegian: noun and participle
brukermedvirkning, medvirkning, medbestemmelse  # care terminology
overføring, overflytting  # care terminology
samboer, partner  # general Norwegian
morsmål, førstespråk  # general Norwegian
tolk, tolketjeneste  # care terminology
kjedsomhet, kjedelig, kjede seg  # general Norwegian
savn, savne, savnet  # general Norwegian: noun and verb
hjemlengsel, lengte hjem  # general Norwegian
skam, flau, skamfull  # general Norwegian
stolthet, stolt  # general Norwegian: noun and adjective
krenkelse, krenket  # general Norwegian: noun and participle
trøst, trøste  # general Norwegian: noun and verb
tillit, tiltro  # general Norwegian
omsorg, omtanke  # general Norwegian
uavhengighet, uavhengig, selvstendig  # general Norwegian
tilbakemelding, respons  # general Norwegian
død, dødsfall, døde, gikk bort  # general Norwegian
begravelse, gravferd  # general Norwegian
sorg, sørge  # general Norwegian: noun and verb
mor, mamma  # general Norwegian
far, pappa  # general Norwegian
venn, venninne, kamerat  # general Norwegian
frivillig, besøksvenn  # care terminology (volunteer services)
verge, vergemål  # general Norwegian (vergemålsloven)
bad, baderom  # general Norwegian
rom, værelse  # general Norwegian
fellesstue, dagligstue, oppholdsrom  # care terminology: the shared room of a ward
avdeling, enhet  # care terminology: a ward
korttidsavdeling, korttidspost  # care terminology
kommune, bydel  # general Norwegian: a city district acts as the municipality
egenandel, egenbetaling  # care terminology
økonomi, penger  # general Norwegian
regning, faktura  # general Norwegian
hage, uteområde  # general Norwegian
tv, fjernsyn  # general Norwegian
trim, mosjon, gymnastikk  # general Norwegian
forflytning, forflytte, forflytting  # care terminology: moving a person (bed, chair)
personløfter, takheis  # care terminology (assistive devices)
hoftebrudd, lårhalsbrudd  # care terminology
brudd, fraktur  # care terminology
operasjon, inngrep  # general Norwegian
sykdom, lidelse  # general Norwegian
kreft, cancer  # general Norwegian
munnstell, munnhygiene, tannstell  # care terminology
forstoppelse, treg mage  # general Norwegian
oppkast, kaste opp  # general Norwegian: noun and verb
smertelindring, smertebehandling  # care terminology
sovemedisin, sovetablett, sovepille  # general Norwegian
næringsdrikk, ernæringsdrikk  # care terminology
sondeernæring, sondemat  # care terminology
dehydrering, uttørking, væskemangel  # care terminology
overvekt, fedme  # general Norwegian
innkomstsamtale, ankomstsamtale, innskrivningssamtale  # care terminology
ledelse, leder, avdelingsleder  # general Norwegian
pleiepersonale, pleiere, omsorgspersonell  # care terminology
gps, lokaliseringsteknologi  # care terminology (welfare technology)
digitalt tilsyn, kameratilsyn  # care terminology (welfare technology)
mobiltelefon, mobil, smarttelefon  # general Norwegian
internett, wifi, trådløst nett  # general Norwegian
varsling, varsel, varsle  # general Norwegian: noun and verb
# Nynorsk spellings of care words (both written standards are official Norwegian).
sjukehus => sykehus  # general Norwegian: Nynorsk
sjukeheim => sykehjem  # general Norwegian: Nynorsk
sjukepleiar => sykepleier  # general Norwegian: Nynorsk
heime => hjemme  # general Norwegian: Nynorsk
heim => hjem  # general Norwegian: Nynorsk
pårørande => pårørende  # general Norwegian: Nynorsk
bustad => bolig  # general Norwegian: Nynorsk
"""

ENGLISH_SYNONYMS = """
loneliness, lonely, isolation => ensomhet, ensom, alene  # vocabulary: theme ensomhet
relatives, relative, family, next of kin => pårørende, familie  # vocabulary: actor parorende
daughter => datter  # general Norwegian translation
son => sønn  # general Norwegian translation
spouse, wife, husband => ektefelle, kone, mann  # general Norwegian translation
medication, medications, medicine, medicines, drugs, pills => legemidler, medisiner,
    tabletter  # vocabulary: theme legemidler
nutrition, diet => ernæring, kosthold  # vocabulary: theme ernaering
food, meals, meal => mat, måltid  # vocabulary: theme mat_og_maltider
weight loss => vekttap, vektnedgang  # general Norwegian translation
sleep, sleeping, insomnia => søvn, sove  # vocabulary: theme sovn
falls, fall, falling => fall, falt  # vocabulary: theme fall
anxiety, fear, afraid, worried => angst, redd, engstelig  # general Norwegian translation
dementia => demens  # vocabulary: theme demens
pain => smerte, smerter  # general Norwegian translation
respite, respite care => avlastning  # vocabulary: stay type avlastning
rehabilitation, rehab => rehabilitering, opptrening  # vocabulary: stay type rehabilitering
assessment => utredning  # vocabulary: stay type utredning
short-term stay, short term stay, stay => korttidsopphold, opphold  # care terminology
nursing home => sykehjem  # care terminology
hospital => sykehus  # general Norwegian translation
discharge, going home => utreise, hjemreise, utskrivning  # vocabulary: stage utreise
home => hjem, hjemme  # general Norwegian translation
home care, home nursing => hjemmetjenesten, hjemmesykepleie  # vocabulary: hjemmetjenesten
waiting time, waiting list, wait, waiting => ventetid, venteliste, vente  # vocabulary
information => informasjon  # vocabulary: theme informasjon
communication => kommunikasjon  # vocabulary: theme kommunikasjon
language, interpreter => språk, tolk  # vocabulary: theme sprak_og_kultur
culture => kultur  # vocabulary: theme sprak_og_kultur
staffing, staff => bemanning, ansatte  # vocabulary: theme bemanning
night shift, night => natt, nattevakt  # general Norwegian translation
safety, security, feeling safe => trygghet, trygg  # vocabulary: theme trygghet
welfare technology => velferdsteknologi  # vocabulary: theme velferdsteknologi
tablet, ipad => nettbrett  # general Norwegian translation
digital tools, app => digitale verktøy, app  # vocabulary: theme digitale_verktoy
activity, activities => aktivitet, aktiviteter  # vocabulary: theme aktivitet
mobility, walking => mobilitet, gange  # vocabulary: theme mobilitet
dignity => verdighet  # vocabulary: theme verdighet
coping => mestring  # vocabulary: theme mestring
self-care => egenomsorg  # vocabulary: theme egenomsorg
predictability => forutsigbarhet  # vocabulary: theme forutsigbarhet
decision => vedtak  # vocabulary: stage soknad_og_vedtak
application => søknad  # vocabulary: stage soknad_og_vedtak
goal, goals => mål  # general Norwegian translation
plan => plan  # general Norwegian translation
nurse => sykepleier  # vocabulary: actor sykepleier
physiotherapist => fysioterapeut  # vocabulary: actor fysioterapeut
occupational therapist => ergoterapeut  # vocabulary: actor ergoterapeut
doctor, physician, gp => lege, fastlege  # vocabulary: actors lege, fastlege
# A general bilingual care glossary (standard translations of Norwegian health and care terms;
# English words are matched by their English stems, so plurals and -ing forms need no entry).
patient, resident, service user, user => bruker, pasient, beboer  # vocabulary: actor bruker
carer, caregiver, next of kin => pårørende  # vocabulary: actor parorende
mother, mum, mom => mor  # general Norwegian translation
father, dad => far  # general Norwegian translation
children, child => barn  # general Norwegian translation
friend => venn  # general Norwegian translation
visit, visitor => besøk  # general Norwegian translation
phone, telephone, call => telefon, ringe  # general Norwegian translation
health worker, care worker, nursing assistant => helsefagarbeider  # vocabulary: actor
staff, employees, personnel => ansatte, personale  # general Norwegian translation
temporary staff, substitute => vikar  # general Norwegian translation
shift => vakt  # general Norwegian translation
night => natt  # general Norwegian translation
evening => kveld  # general Norwegian translation
morning => morgen  # general Norwegian translation
day => dag  # general Norwegian translation
room => rom  # vocabulary: theme rom_og_miljo
noise, noisy => støy, bråk  # general Norwegian translation
bed => seng  # general Norwegian translation
bathroom, shower => bad, dusj  # general Norwegian translation
toilet => toalett  # general Norwegian translation
clothes, clothing => klær  # general Norwegian translation
hygiene, personal care, washing => stell, hygiene  # vocabulary: theme egenomsorg
eat, eating => spise  # general Norwegian translation
drink, drinking, fluids => drikke, væske  # general Norwegian translation
appetite => matlyst, appetitt  # general Norwegian translation
dinner => middag  # general Norwegian translation
breakfast => frokost  # general Norwegian translation
lunch => lunsj  # general Norwegian translation
malnutrition, undernutrition => underernæring  # care terminology
weight => vekt  # general Norwegian translation
walk, walking => gå, gåtur, gange  # general Norwegian translation
walker, rollator, walking frame => rullator  # general Norwegian translation
wheelchair => rullestol  # general Norwegian translation
exercise, training => trening, trene  # general Norwegian translation
physiotherapy => fysioterapi  # general Norwegian translation
assistive device, aids, equipment => hjelpemidler  # care terminology
safety alarm, personal alarm => trygghetsalarm  # care terminology
camera => kamera  # general Norwegian translation
video call => videosamtale  # care terminology
computer => datamaskin, pc  # general Norwegian translation
screen => skjerm  # general Norwegian translation
fear, scared => redd, frykt  # general Norwegian translation
sad, sadness => trist, lei seg  # general Norwegian translation
depression, depressed, low mood => depresjon, nedstemt  # general Norwegian translation
confusion, confused => forvirring, forvirret  # general Norwegian translation
restless, restlessness, agitation, agitated => uro, urolig  # general Norwegian translation
aggression, aggressive => aggresjon, utagerende  # care terminology
wandering => vandring  # care terminology (dementia care)
memory => hukommelse  # general Norwegian translation
tired, tiredness, fatigue, exhausted => sliten, trøtt  # general Norwegian translation
dizzy, dizziness => svimmel  # general Norwegian translation
frustration, frustrated => frustrasjon, frustrert  # general Norwegian translation
disappointed => skuffet  # general Norwegian translation
satisfied, happy, content => fornøyd, glad  # general Norwegian translation
dissatisfied, unhappy, complaint => misfornøyd, klage  # general Norwegian translation
stroke => hjerneslag  # care terminology
pressure ulcer, pressure sore, bedsore => trykksår  # care terminology
incontinence => inkontinens  # care terminology
breathing, breathlessness => pust, pustebesvær  # general Norwegian translation
infection => infeksjon  # general Norwegian translation
wound => sår  # general Norwegian translation
admission, admitted => innleggelse, innlagt  # care terminology
transfer, handover => overføring, overlevering  # care terminology
cooperation, collaboration, coordination => samarbeid, samhandling  # vocabulary: theme
record, records, documentation => journal, dokumentasjon  # care terminology
report => rapport  # general Norwegian translation
complaint => klage  # general Norwegian translation
rejection, refused, denied => avslag  # general Norwegian translation
place, bed place => plass  # care terminology (a place in an institution)
long-term care, long-term stay => langtidsopphold  # care terminology
day centre, day center, day care => dagsenter  # care terminology
home help, practical help => hjemmehjelp, praktisk bistand  # care terminology
help, support, assistance => hjelp, bistand  # general Norwegian translation
independence, independent => selvstendig  # general Norwegian translation
participation, involvement, user involvement => medvirkning, brukermedvirkning  # care terminology
respect => respekt  # general Norwegian translation
privacy => privatliv  # general Norwegian translation
music, singing => musikk, sang  # general Norwegian translation
outdoors, outside, fresh air => ute, ut, frisk luft  # general Norwegian translation
garden => hage  # general Norwegian translation
trip, outing => tur  # general Norwegian translation
anxious => engstelig, angst  # general Norwegian translation
boredom, bored, boring => kjedsomhet, kjedelig  # general Norwegian translation
homesick, homesickness => hjemlengsel  # general Norwegian translation
shame, ashamed, embarrassed => skam, flau  # general Norwegian translation
proud, pride => stolt  # general Norwegian translation
comfort, console => trøst  # general Norwegian translation
trust => tillit  # general Norwegian translation
care, caring => omsorg  # general Norwegian translation
feedback => tilbakemelding  # general Norwegian translation
death, died, dying => død, dødsfall  # general Norwegian translation
funeral => begravelse  # general Norwegian translation
grief, mourning => sorg  # general Norwegian translation
volunteer => frivillig  # care terminology
guardian => verge  # general Norwegian translation
neighbour, neighbor => nabo  # general Norwegian translation
ward, unit, department => avdeling  # care terminology
living room, common room, lounge => fellesstue, stue  # care terminology
municipality, council => kommune  # general Norwegian translation
fee, payment, co-payment => egenandel  # care terminology
money => penger  # general Norwegian translation
television, tv => tv, fjernsyn  # general Norwegian translation
mobile phone, smartphone, cell phone => mobiltelefon, mobil  # general Norwegian translation
internet, wifi => internett  # general Norwegian translation
notification, alert => varsling, varsel  # general Norwegian translation
hoist, patient lift => personløfter  # care terminology
hip fracture => hoftebrudd  # care terminology
fracture => brudd  # care terminology
surgery, operation => operasjon  # general Norwegian translation
illness, disease, sickness => sykdom  # general Norwegian translation
cancer => kreft  # general Norwegian translation
oral care, mouth care, dental care => munnstell, tannstell  # care terminology
constipation => forstoppelse  # general Norwegian translation
nausea => kvalme  # general Norwegian translation
vomiting => oppkast  # general Norwegian translation
pain relief => smertelindring  # care terminology
sleeping pills, sleeping pill => sovemedisin  # general Norwegian translation
dehydration => dehydrering  # care terminology
tube feeding => sondeernæring  # care terminology
obesity, overweight => overvekt  # general Norwegian translation
manager, management, leader => leder, ledelse  # general Norwegian translation
colleague => kollega  # general Norwegian translation
routine => rutine  # general Norwegian translation
stairs => trapp  # general Norwegian translation
door => dør  # general Norwegian translation
window => vindu  # general Norwegian translation
chair => stol  # general Norwegian translation
kitchen => kjøkken  # general Norwegian translation
coffee => kaffe  # general Norwegian translation
birthday => bursdag  # general Norwegian translation
grandchildren, grandchild => barnebarn  # general Norwegian translation
husband => mann, ektemann  # general Norwegian translation
calm => rolig  # general Norwegian translation
"""
