"""The English side of the care thesaurus by category (issue 11, third pass): data only.

The same categories as `thesaurus_care` (IPLOS functional variables and everyday life in a
nursing home), English → Bokmål, with the standard translations of Norwegian health and care
terms (helsenorge.no's English pages, Helsedirektoratet's English summaries, Oxford English
Dictionary). English words are matched by their Porter2 stems, so plurals and -ing forms need
no entry. Left sides that are also common Norwegian words of another meaning (`rest`, `bad`,
`lift`, `ride`) are left out: the Norwegian reading of a rule is consulted first.
"""

CARE_ENGLISH = """
# IPLOS: personal hygiene; dressing
bath, bathing => bading, bad, dusj  # general Norwegian translation
shaving, shave => barbering  # general Norwegian translation
toothbrushing, brushing teeth, teeth => tannpuss, tenner, munnstell  # general Norwegian translation
hair => hår, hårvask  # general Norwegian translation
nails, nail care => negler, neglestell  # general Norwegian translation
foot care => fotpleie  # care terminology
skin, skin care => hud, hudpleie  # general Norwegian translation
dressing, getting dressed, undressing, dress => påkledning, kle på, klær  # IPLOS Av- og påkledning
socks, stockings => sokker, strømper  # general Norwegian translation
compression stockings => støttestrømper, kompresjonsstrømper  # care terminology
shoes, slippers => sko, tøfler  # general Norwegian translation
# IPLOS: eating; meals
feeding, being fed, help with eating => mating, spisehjelp  # IPLOS Spise
swallowing, dysphagia, difficulty swallowing => svelgevansker, svelge  # care terminology
chewing => tygge  # general Norwegian translation
pureed food, soft food, texture modified => moset mat, konsistenstilpasset kost  # Kosthåndboken
special diet => spesialkost, diett  # Helsedirektoratet: Kosthåndboken
allergy => allergi  # general Norwegian translation
thirst, thirsty => tørst  # general Norwegian translation
supper, evening meal => kveldsmat  # general Norwegian translation
snack, snacks => mellommåltid  # general Norwegian translation
dessert => dessert  # general Norwegian translation
dining room => spisesal, spisestue  # general Norwegian translation
taste => smak  # general Norwegian translation
bread => brød  # general Norwegian translation
# IPLOS: toilet
toileting, going to the toilet => toalettbesøk, toalett  # IPLOS Toalett
diaper, nappy, incontinence pad, pads => bleie, inkontinensprodukt  # care terminology
catheter => kateter  # care terminology
urine, urinate, pee => urin, tisse  # general Norwegian translation
diarrhoea, diarrhea => diaré  # general Norwegian translation
commode => dostol, toalettstol  # care terminology
# IPLOS: moving indoors and outdoors
walking stick, cane => stokk  # general Norwegian translation
crutches, crutch => krykker  # general Norwegian translation
repositioning, turning => snuing, stillingsendring  # care terminology
balance, unsteady => balanse, ustø  # general Norwegian translation
bedridden, bedbound => sengeliggende  # general Norwegian translation
stairs, steps => trapp  # general Norwegian translation
elevator => heis  # general Norwegian translation
# Transport
transport, transportation, taxi, cab => transport, skyss, drosje, taxi  # general translation
patient transport => pasientreise  # helsenorge.no: Pasientreiser
ambulance => ambulanse  # general Norwegian translation
# IPLOS: communication, vision, hearing
hearing, hard of hearing, hearing loss => hørsel, tunghørt, nedsatt hørsel  # IPLOS Hørsel
hearing aid => høreapparat  # helsenorge.no
deaf, deafness => døv  # general Norwegian translation
vision, eyesight, sight, visual impairment => syn, nedsatt syn, svaksynt  # IPLOS Syn
glasses, spectacles => briller  # general Norwegian translation
blind, blindness => blind  # general Norwegian translation
aphasia, speech difficulties => afasi, språkvansker  # care terminology
talk, talking, chat => snakke, prate  # general Norwegian translation
understand, understanding => forstå  # general Norwegian translation
misunderstanding => misforståelse  # general Norwegian translation
# IPLOS: memory; behaviour
forgetful, forgetfulness, memory loss => glemsk, hukommelsestap  # IPLOS Hukommelse
delirium => delirium, delir  # care terminology
behaviour, behavior => atferd  # IPLOS Styre atferd
shouting, screaming, calling out => roping  # care terminology
resistance, refusing care => motstand  # care terminology
coercion, restraint => tvang  # Pasient- og brukerrettighetsloven kap. 4A
# IPLOS: social participation
company, companionship, social contact, socialising => samvær, fellesskap  # IPLOS
isolation, isolated => isolasjon, isolert  # general Norwegian translation
entertainment, fun => underholdning  # general Norwegian translation
hobby, hobbies => hobby  # general Norwegian translation
# Medication
pill organiser, pill organizer, dosette => dosett  # care terminology
multi-dose, multidose => multidose  # Legemiddelhåndteringsforskriften
medication error, wrong medicine => legemiddelfeil, feilmedisinering  # pasientsikkerhetsprogrammet
medication review => legemiddelgjennomgang  # pasientsikkerhetsprogrammet
side effect, side effects => bivirkning  # general Norwegian translation
prescription => resept  # general Norwegian translation
painkiller, painkillers, analgesic => smertestillende  # general Norwegian translation
sedative, tranquilliser => beroligende  # general Norwegian translation
antibiotics => antibiotika  # general Norwegian translation
blood pressure => blodtrykk  # general Norwegian translation
blood sugar => blodsukker  # general Norwegian translation
# Pain and falls
ache, aching, hurt, sore => smerte, vondt  # general Norwegian translation
fall prevention, preventing falls => fallforebygging  # pasientsikkerhetsprogrammet
fall risk, risk of falling => fallrisiko  # pasientsikkerhetsprogrammet
slip, stumble => snuble, skli  # general Norwegian translation
# Assistive devices; welfare technology
hospital bed, care bed => sykeseng, pleieseng  # care terminology
mattress => madrass  # general Norwegian translation
shower chair => dusjstol  # care terminology
sensor, motion sensor => sensor  # Nasjonalt velferdsteknologiprogram
bed alarm, bed sensor => sengealarm, sengesensor  # Nasjonalt velferdsteknologiprogram
door alarm => døralarm  # Nasjonalt velferdsteknologiprogram
fall alarm, fall detector => fallalarm  # Nasjonalt velferdsteknologiprogram
response centre, alarm centre => responssenter  # Nasjonalt velferdsteknologiprogram
robot => robot  # general Norwegian translation
# Sleep and rest
awake, waking, wake => våken, våkne  # general Norwegian translation
nap, resting => hvile, middagshvil  # general Norwegian translation
nightmare, nightmares => mareritt  # general Norwegian translation
bedtime => leggetid  # general Norwegian translation
# Mood and mental health
mental health => psykisk helse  # helsenorge.no
wellbeing, well-being, thriving => trivsel  # general Norwegian translation
quality of life => livskvalitet  # general Norwegian translation
hopeless, hopelessness => håpløs, håpløshet  # general Norwegian translation
irritable, irritated => irritert  # general Norwegian translation
crying, tears, cry => gråte, gråt  # general Norwegian translation
apathy, apathetic => apati  # care terminology
nervous => nervøs  # general Norwegian translation
panic => panikk  # general Norwegian translation
mood => humør, stemningsleie  # general Norwegian translation
# Existential and religious needs
religion, faith, religious, belief => religion, religiøs, livssyn  # general Norwegian translation
church => kirke  # general Norwegian translation
mosque => moské  # general Norwegian translation
prayer, pray, praying => bønn  # general Norwegian translation
priest, chaplain, vicar => prest  # general Norwegian translation
imam => imam  # general Norwegian translation
worship, mass => andakt, gudstjeneste  # general Norwegian translation
spiritual, existential => åndelig, eksistensiell  # care terminology (palliasjon)
# Relatives
grandson, granddaughter => barnebarn  # general Norwegian translation
brother => bror  # general Norwegian translation
sister => søster  # general Norwegian translation
siblings => søsken  # general Norwegian translation
family member, relation => familiemedlem, slektning  # general Norwegian translation
# Staff and routines
understaffed, understaffing, staff shortage => underbemanning, underbemannet  # general translation
busy, rushed, time pressure => travelhet, travel, tidspress  # general Norwegian translation
continuity => kontinuitet  # care terminology
staff training, competence => opplæring, kompetanse  # general Norwegian translation
rota, roster, schedule => turnus, vaktplan  # general Norwegian translation
# Discharge and coordination
discharge summary, discharge letter => epikrise  # care terminology
ready for discharge => utskrivningsklar  # care terminology
follow-up, follow up => oppfølging  # general Norwegian translation
referral, referred => henvisning  # general Norwegian translation
readmission, readmitted => reinnleggelse  # care terminology
emergency, out-of-hours, emergency room => legevakt  # general Norwegian translation
coordinator => koordinator  # care terminology
individual plan => individuell plan  # Helse- og omsorgstjenesteloven § 7-1
# Palliative care; rehabilitation
palliative care, end-of-life care, end of life => palliasjon, lindrende  # Helsedirektoratet
advance care planning => forhåndssamtale  # Helsedirektoratet: Forhåndssamtaler
morphine => morfin  # general Norwegian translation
exercises => øvelser, trening  # general Norwegian translation
strength => styrke  # general Norwegian translation
function, functioning => funksjon  # care terminology
progress, improvement, better => framgang, bedring  # general Norwegian translation
deterioration, decline, worse => forverring  # care terminology
reablement, everyday rehabilitation => hverdagsrehabilitering  # Helsedirektoratet
# Household, shopping, decisions
shopping, groceries => innkjøp, handle  # IPLOS Skaffe seg varer og tjenester
cleaning, housework => rengjøring, husarbeid  # IPLOS Alminnelig husarbeid
laundry => klesvask  # IPLOS Alminnelig husarbeid
cooking => matlaging  # IPLOS Alminnelig husarbeid
self-determination, autonomy => selvbestemmelse  # IPLOS Beslutninger i dagliglivet
consent => samtykke  # Pasient- og brukerrettighetsloven kap. 4
choice, choose => valg, velge  # general Norwegian translation
# Time and places
weekend, weekends => helg  # general Norwegian translation
holiday, holidays => ferie, høytid  # general Norwegian translation
christmas => jul  # general Norwegian translation
single room, own room, private room => enerom, eget rom  # care terminology
shared room, double room => dobbeltrom  # care terminology
smell, odour, odor => lukt  # general Norwegian translation
light, lighting => lys  # general Norwegian translation
sheltered housing, assisted living => omsorgsbolig  # care terminology
delay, delayed => forsinkelse, forsinket  # general Norwegian translation
price, cost, pay => betaling, betale, pris  # general Norwegian translation
# Conditions
urinary tract infection, uti => urinveisinfeksjon  # helsenorge.no
pneumonia => lungebetennelse  # helsenorge.no
infection control => smittevern  # Folkehelseinstituttet
fever => feber  # general Norwegian translation
swelling, oedema, edema => ødem, hevelse  # general Norwegian translation
bruise, bruises => blåmerke  # general Norwegian translation
copd => kols  # helsenorge.no
osteoarthritis, arthritis => artrose, gikt  # helsenorge.no
osteoporosis => beinskjørhet  # helsenorge.no
heart failure => hjertesvikt  # helsenorge.no
parkinson => parkinson  # helsenorge.no
# Everyday English of questions about care (general translations, Oxford / Bokmålsordboka).
# Left out: English words that are Norwegian words too (`like`, `time`, `late`, `tell`, `ask`).
feel, feeling, feelings => føle, følelse  # general Norwegian translation
need, needs => behov, trenge  # general Norwegian translation
want, wish, wishes => ønske  # general Norwegian translation
difficult, difficulty, difficulties => vanskelig, vansker  # general Norwegian translation
good => god, bra  # general Norwegian translation
poor => dårlig  # general Norwegian translation
old, elderly, older people => eldre, gammel  # general Norwegian translation
people => folk, mennesker  # general Norwegian translation
life, everyday life, daily life => liv, hverdag  # general Norwegian translation
work, job => jobb, arbeid  # general Norwegian translation
question, questions => spørsmål  # general Norwegian translation
answer => svar  # general Norwegian translation
meeting => møte  # general Norwegian translation
change, changes => endring  # general Norwegian translation
house => hus  # general Norwegian translation
leave, leaving => reise, dra  # general Norwegian translation
arrive, arrival => ankomst, komme  # general Norwegian translation
first day => første dag  # general Norwegian translation
week => uke  # general Norwegian translation
month => måned  # general Norwegian translation
year => år  # general Norwegian translation
angry, anger => sint, sinne  # general Norwegian translation
upset => opprørt, lei seg  # general Norwegian translation
alone => alene  # general Norwegian translation
together => sammen  # general Norwegian translation
listen, listening => lytte  # general Norwegian translation
know, knowing => vite  # general Norwegian translation
told => fortalt, fortelle  # general Norwegian translation
explain, explained, explanation => forklare, forklaring  # general Norwegian translation
forget, forgot, forgotten => glemme, glemt  # general Norwegian translation
remember => huske  # general Norwegian translation
hear => høre  # general Norwegian translation
sit, sitting => sitte  # general Norwegian translation
wash => vaske  # general Norwegian translation
floor => gulv  # general Norwegian translation
cold => kald, kaldt  # general Norwegian translation
warm, hot => varm  # general Norwegian translation
clean => ren, rengjøring  # general Norwegian translation
dirty => skitten  # general Norwegian translation
sick, ill => syk  # general Norwegian translation
health, healthy => helse, frisk  # general Norwegian translation
dog, pet => hund, kjæledyr  # general Norwegian translation
cat => katt  # general Norwegian translation
reading, read, book, books => lese, bok  # general Norwegian translation
newspaper => avis  # general Norwegian translation
letter => brev  # general Norwegian translation
bill, invoice => regning, faktura  # general Norwegian translation
car, drive, driving => bil, kjøre  # general Norwegian translation
bus => buss  # general Norwegian translation
key, keys => nøkkel  # general Norwegian translation
weather => vær  # general Norwegian translation
summer => sommer  # general Norwegian translation
winter => vinter  # general Norwegian translation
"""
