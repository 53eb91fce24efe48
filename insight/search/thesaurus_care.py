"""A care thesaurus by category of need (issue 11, third pass): data only, parsed with the rest.

The categories are the functional variables of IPLOS (Helsedirektoratet's registry of municipal
care needs: personlig hygiene, av- og påkledning, spise, toalett, bevege seg innendørs og
utendørs, kommunikasjon, hukommelse, syn, hørsel, sosial deltakelse, styre atferd, ivareta egen
helse, skaffe seg varer og tjenester, alminnelig husarbeid, beslutninger i dagliglivet) and the
everyday life of a short-term stay in a nursing home (transport, meals, sleep, mood, existential
and religious needs, relatives, medication, pain, falls, assistive devices, welfare technology,
staff, discharge and coordination, palliative care, rehabilitation). For each category: the
everyday words and the professional words a lexicographer would group as synonyms or close
near-synonyms, and Nynorsk spellings. Written from general Norwegian (Bokmålsordboka,
Nynorskordboka), helsenorge.no and Helsedirektoratet's guidance, never from a test query.
A group `a, b, c` joins words of one meaning; `a => b, c` adds narrower or spelling variants.
Each rule ends with its source after `  # `.
"""

CARE_SYNONYMS = """
# IPLOS: Personlig hygiene
personlig hygiene, personlig stell, stell, morgenstell, kveldsstell  # IPLOS Personlig hygiene
kroppsvask, helvask, vaske seg, sengevask  # IPLOS variabel Personlig hygiene: washing
nedre stell, intimhygiene, intimvask  # care terminology (pleieprosedyrer)
tannpuss, pusse tenner, tannbørsting => munnstell, tannstell  # IPLOS Personlig hygiene: teeth
barbering, barbere  # general Norwegian: noun and verb
hårvask, vaske håret  # general Norwegian
neglestell, klippe negler  # care terminology (fotpleie, neglestell)
fotpleie, fotstell  # care terminology
hudpleie, hudstell  # care terminology
bading, bade, karbad  # general Norwegian: noun and verb
# IPLOS: Av- og påkledning
påkledning, avkledning, kle på, kle av, kle seg, ta på seg klærne  # IPLOS Av- og påkledning
påkledning => klær, sokker, strømper, sko  # IPLOS Av- og påkledning covers clothes and shoes
sokker, strømper  # general Norwegian (Bokmålsordboka: strømpe)
støttestrømper, kompresjonsstrømper  # care terminology
tøfler, innesko  # general Norwegian
# IPLOS: Spise
mating, mate, spisehjelp, hjelp til å spise  # IPLOS variabel Spise
svelgevansker, svelgeproblemer, dysfagi, vansker med å svelge  # care terminology (helsenorge.no)
tyggeproblemer, tyggevansker  # care terminology
moset mat, findelt kost, konsistenstilpasset kost, gelékost  # Helsedirektoratet: Kosthåndboken
spesialkost, diett  # Helsedirektoratet: Kosthåndboken
matallergi, allergi  # general Norwegian
tørst, tørstig  # general Norwegian: noun and adjective
frokost, morgenmat  # general Norwegian
kveldsmat, kveldsmåltid, aftensmat  # general Norwegian
lunsj, formiddagsmat  # general Norwegian
mellommåltid, småmat  # general Norwegian
dessert, etterrett  # general Norwegian
spisesal, spisestue, matsal  # general Norwegian
smak, smake, smakløs  # general Norwegian
nattfaste, lang nattfaste  # Helsedirektoratet: Kosthåndboken
# IPLOS: Toalett
toalettbesøk, gå på toalettet, toalettbehov  # IPLOS variabel Toalett
bleie, inkontinensprodukt, inkontinensbeskyttelse, inkontinenshjelpemiddel  # care terminology
kateter, urinkateter, blærekateter  # care terminology
tisse, urinere, late vannet  # general Norwegian
avføring, tarmtømming  # care terminology
diaré, løs mage  # general Norwegian
dostol, toalettstol  # care terminology (assistive devices)
# IPLOS: Bevege seg innendørs og utendørs
stokk, gåstokk, spaserstokk  # general Norwegian
krykker, krykke  # general Norwegian
rullestol, elektrisk rullestol, elrullestol  # care terminology (NAV hjelpemiddelsentral)
snuing, stillingsendring, reposisjonering, leiring  # care terminology (trykksårforebygging)
ustø, ustødig, dårlig balanse  # general Norwegian
balanse, likevekt  # general Norwegian
sengeliggende, sengebundet  # general Norwegian
utendørs, utetur, frisk luft  # IPLOS variabel Bevege seg utendørs
luftetur, trilletur => gåtur, tur  # general Norwegian
trapp, trapper, trappetrinn  # general Norwegian
heis, trappeheis  # general Norwegian
# Transport to and from the stay
transport, skyss, kjøring, skysse  # general Norwegian (Bokmålsordboka: skyss)
transport, skyss => drosje, taxi, pasientreise, ambulanse  # general Norwegian: kinds of transport
drosje, taxi, drosjebil  # general Norwegian
pasientreise, pasientreiser, syketransport  # helsenorge.no: Pasientreiser
tt-kort, tilrettelagt transport, tt-ordning  # care terminology (fylkeskommunal TT-ordning)
ambulanse, sykebil  # general Norwegian
# IPLOS: Kommunikasjon, syn og hørsel
tunghørt, hører dårlig, nedsatt hørsel, hørselstap, hørselshemmet, hørselssvekket  # helsenorge.no
høreapparat, hørselsapparat  # helsenorge.no: høreapparat
døv, døvhet  # general Norwegian: adjective and noun
svaksynt, nedsatt syn, synshemmet, dårlig syn, synstap, synssvekket  # helsenorge.no
blind, blindhet  # general Norwegian: adjective and noun
briller, brille, lesebriller  # general Norwegian
afasi, språkvansker, taleproblemer  # care terminology (hjerneslag)
prate, snakke, prat  # general Norwegian
forstå, skjønne, forståelse  # general Norwegian
misforståelse, misforstå, misforstått  # general Norwegian
# IPLOS: Hukommelse
glemsk, glemsom, glemsomhet, husker dårlig, hukommelsessvikt, hukommelsestap  # IPLOS Hukommelse
delirium, delir, akutt forvirring  # care terminology (Helsedirektoratet)
kognisjon, kognitiv funksjon  # care terminology
demenssykdom, demenssyk, demens  # care terminology
# IPLOS: Sosial deltakelse
samvær, fellesskap, selskap, sosialt samvær  # IPLOS variabel Sosial deltakelse
isolasjon, isolert, sosial isolasjon  # general Norwegian
underholdning, moro  # general Norwegian
hobby, hobbyer, fritidsaktivitet  # general Norwegian
# IPLOS: Styre atferd
atferd, oppførsel, adferd  # IPLOS variabel Styre atferd (adferd: older spelling)
roping, rope, skriking, skrike  # care terminology (BPSD)
motstand, motsette seg, motvilje  # care terminology (motstand mot hjelp)
tvang, tvangsbruk, bruk av tvang  # Pasient- og brukerrettighetsloven kap. 4A
skjerming, skjermet  # care terminology
# IPLOS: Ivareta egen helse; medication
egenomsorg, ta vare på seg selv, ivareta egen helse  # IPLOS variabel Ivareta egen helse
dosett, pilleeske, medisineske, medisinboks  # care terminology (legemiddelhåndtering)
multidose, multidosepakning  # Legemiddelhåndteringsforskriften
legemiddelhåndtering, medisinhåndtering, medisinering  # Legemiddelhåndteringsforskriften
medisinutdeling, utdeling av medisiner, medisinrunde  # care terminology
feilmedisinering, legemiddelfeil, medisinfeil, feil medisin  # pasientsikkerhetsprogrammet
legemiddelgjennomgang, medisingjennomgang  # pasientsikkerhetsprogrammet
bivirkning, bivirkninger  # general Norwegian
resept, reseptbelagt  # general Norwegian
smertestillende, smertemedisin, smertestillende tabletter  # general Norwegian
beroligende, angstdempende, beroligende medisin  # general Norwegian
antibiotika, antibiotikakur, penicillin  # general Norwegian
blodtrykk, blodtrykksmåling  # general Norwegian
blodsukker, blodsukkermåling  # general Norwegian
# Pain
verk, verke, verking => smerte, smerter  # general Norwegian
smertekartlegging, smertevurdering  # care terminology
# Falls
fallforebygging, forebygge fall, fallforebyggende  # pasientsikkerhetsprogrammet: fall
fallrisiko, fallfare  # pasientsikkerhetsprogrammet: fall
snuble, snublet, skli, skled => fall, falle  # general Norwegian: ways of falling
hoftebeskytter, hoftebukse  # care terminology (fallforebygging)
# Assistive devices
hjelpemidler, hjelpemiddel, tekniske hjelpemidler  # NAV hjelpemiddelsentral
hjelpemiddelsentral, hjelpemiddelsentralen  # NAV
sykeseng, pleieseng, elektrisk seng, regulerbar seng  # care terminology (assistive devices)
madrass, trykkavlastende madrass  # care terminology
dusjstol, badekrakk  # care terminology (assistive devices)
glidematte, glidelaken, sklibrett  # care terminology (forflytning)
gripetang, griper  # care terminology (assistive devices)
# Welfare technology
fallalarm, fallsensor  # Helsedirektoratet: Nasjonalt velferdsteknologiprogram
døralarm, dørsensor  # Helsedirektoratet: Nasjonalt velferdsteknologiprogram
sengealarm, sengesensor  # Helsedirektoratet: Nasjonalt velferdsteknologiprogram
responssenter, alarmsentral  # Helsedirektoratet: Nasjonalt velferdsteknologiprogram
videoanrop, videosamtale  # general Norwegian
smarthus, smarthjem  # general Norwegian
# Sleep and rest
våken, våkne, oppvåkning  # general Norwegian
døgnrytme, døgnrytmeforstyrrelse, snudd døgn  # care terminology
hvile, hvilestund, middagshvil, middagslur, kvile  # general Norwegian (kvile: Nynorsk)
mareritt, vonde drømmer  # general Norwegian
leggetid, sengetid  # general Norwegian
# Mood and mental health
depresjon, deprimert, depressiv, nedtrykt, tungsinn  # general Norwegian (Bokmålsordboka)
psykisk helse, mental helse, psykiske plager  # helsenorge.no
trivsel, trives, trivelig  # general Norwegian
livskvalitet, livsglede, livslyst  # general Norwegian
motløs, motløshet, oppgitt, håpløs, håpløshet  # general Norwegian
irritert, irritasjon, irritabel  # general Norwegian
gråte, gråt, tårer  # general Norwegian
apati, apatisk, likegyldig, initiativløs  # care terminology
nervøs, nervøsitet  # general Norwegian
panikk, panikkanfall  # general Norwegian
selvmordstanker, suicidal  # helsenorge.no
# Existential and religious needs (Verdighetsgarantiforskriften § 2: religious and ethical needs)
religion, trosretning, religiøs, livssyn, trosliv  # general Norwegian
religion, religiøs => kirke, moské, bønn, andakt, gudstjeneste, prest, imam  # as above
andakt, gudstjeneste, messe  # general Norwegian
prest, sykehusprest, sykehjemsprest, diakon  # general Norwegian
bønn, be bønn, bønnerom  # general Norwegian
eksistensiell, åndelig, åndelige behov, eksistensielle behov  # care terminology (palliasjon)
# Relatives
barnebarn, svigerdatter, svigersønn, søsken, bror, søster, nevø, niese => pårørende  # general
slektning, slekt, familiemedlem  # general Norwegian
pårørendesamtale, pårørendemøte  # Helsedirektoratet: Pårørendeveilederen
# Staff and routines
underbemanning, underbemannet, for få ansatte, lav bemanning  # general Norwegian
vikar, ringevikar, tilkallingsvakt, ekstravakt  # general Norwegian
travelhet, travel, hektisk, tidspress, dårlig tid  # general Norwegian
kontinuitet, faste ansatte, kjente ansatte  # care terminology
opplæring, kompetanseheving, internopplæring  # general Norwegian
turnus, arbeidsplan, vaktplan  # general Norwegian
rapport, vaktrapport, overlapp  # care terminology
assistent, pleieassistent, ufaglært  # care terminology
hjelpepleier, helsefagarbeider, omsorgsarbeider  # care terminology
# Discharge and coordination
utskrivningsklar, ferdigbehandlet  # Forskrift om kommunal betaling for utskrivningsklare pasienter
epikrise, utskrivningsrapport, sykepleiesammenfatning  # care terminology
oppfølging, følge opp, fulgt opp  # general Norwegian
henvisning, henvise, henvist  # general Norwegian
reinnleggelse, ny innleggelse, reinnlagt  # care terminology
legevakt, legevakten  # general Norwegian
øyeblikkelig hjelp, akutt døgnplass, kommunal akutt døgnenhet  # Helse- og omsorgstjenesteloven
koordinator, koordinering, koordinere  # care terminology
individuell plan, ansvarsgruppe, ansvarsgruppemøte  # Helse- og omsorgstjenesteloven § 7-1
# Palliative care
palliasjon, palliativ, lindrende behandling, lindrende omsorg  # Helsedirektoratet: palliasjon
døende, livets sluttfase, terminalfase, livets siste dager  # Helsedirektoratet: palliasjon
våkevakt, fastvakt, sitte hos  # care terminology
forhåndssamtale, forhåndsplanlegging  # Helsedirektoratet: Forhåndssamtaler
morfin, smertepumpe  # care terminology (palliasjon)
# Rehabilitation and training
hverdagsrehabilitering, hverdagsmestring  # Helsedirektoratet
trening, øvelser, treningsprogram, egentrening  # general Norwegian
styrketrening, styrkeøvelser  # general Norwegian
funksjon, funksjonsnivå, funksjonsevne  # care terminology
bedring, framgang, fremgang, forbedring  # general Norwegian
forverring, funksjonsfall, funksjonssvikt, tilbakegang  # care terminology
# IPLOS: Skaffe seg varer og tjenester; alminnelig husarbeid
innkjøp, handle, handletur, dagligvarer  # IPLOS variabel Skaffe seg varer og tjenester
rengjøring, renhold, husvask, støvsuge  # IPLOS variabel Alminnelig husarbeid
klesvask, vaske klær  # IPLOS variabel Alminnelig husarbeid
matlaging, lage mat  # IPLOS variabel Alminnelig husarbeid
# IPLOS: Beslutninger i dagliglivet
selvbestemmelse, autonomi, selvråderett  # IPLOS variabel Beslutninger i dagliglivet
samtykke, samtykkekompetanse  # Pasient- og brukerrettighetsloven kap. 4
# Time, places and home
helg, weekend, helgen  # general Norwegian (Bokmålsordboka: weekend)
kveld, aften  # general Norwegian
bursdag, fødselsdag  # general Norwegian
jul, julehøytid  # general Norwegian
høytid, høytider  # general Norwegian
enerom, eget rom, enkeltrom  # care terminology
dobbeltrom, delt rom, dele rom  # care terminology
støy, bråk, bråkete, støyende  # general Norwegian
lukt, odør  # general Norwegian
omsorgsbolig, serviceleilighet, omsorgsboliger  # care terminology
eget hjem, egen bolig  # general Norwegian
forsinkelse, forsinket  # general Norwegian: noun and participle
klage, klaget, klagesak  # general Norwegian
betaling, betale  # general Norwegian: noun and verb
# Conditions
urinveisinfeksjon, uvi, blærekatarr  # helsenorge.no
lungebetennelse, pneumoni  # helsenorge.no
smittevern, smitteforebygging  # Folkehelseinstituttet
korona, covid  # general Norwegian
feber, febril  # general Norwegian
ødem, hevelse, hoven, hovne  # general Norwegian
blåmerke, blåmerker  # general Norwegian
kols, kronisk obstruktiv lungesykdom  # helsenorge.no
artrose, slitasjegikt  # helsenorge.no
beinskjørhet, osteoporose  # helsenorge.no
underernæring, underernært, feilernæring  # Helsedirektoratet: forebygging av underernæring
kvalme, uvel  # general Norwegian
# Particle verbs (Norsk referansegrammatikk: partikkelverb); the particle is matched, so
# `skrevet ut` is discharge while `skrive` alone stays a plain verb.
skrive ut, skrevet ut, skrives ut => utskrivning, utskriving, utskrevet  # care terminology
legge inn, lagt inn, legges inn => innleggelse, innlagt  # care terminology: admission
skrive inn, skrevet inn, skrives inn => innskrivning, innkomst  # care terminology
flytte inn, flyttet inn => innflytting, innflytning  # general Norwegian
gå ut, går ut => utendørs, utetur, frisk luft  # IPLOS Bevege seg utendørs
ringe på => pasientsignal, ringeklokke, snorsignal  # care terminology: call bell
pasientsignal, ringeklokke, snorsignal, anropssystem  # care terminology: call bell
# Nynorsk spellings of care words (Nynorskordboka)
sjukdom => sykdom  # general Norwegian: Nynorsk
sjuk => syk  # general Norwegian: Nynorsk
heimeteneste, heimetenesta => hjemmetjeneste  # general Norwegian: Nynorsk
heimesjukepleie => hjemmesykepleie  # general Norwegian: Nynorsk
sjukepleie => sykepleie  # general Norwegian: Nynorsk
helsefagarbeidar => helsefagarbeider  # general Norwegian: Nynorsk
brukar => bruker  # general Norwegian: Nynorsk
bebuar => beboer  # general Norwegian: Nynorsk
tenestemottakar => tjenestemottaker  # general Norwegian: Nynorsk
lækjar => lege  # general Norwegian: Nynorsk
tilsynslækjar => tilsynslege  # general Norwegian: Nynorsk
fastlækjar => fastlege  # general Norwegian: Nynorsk
tilsette => ansatte  # general Norwegian: Nynorsk
opphald => opphold  # general Norwegian: Nynorsk
korttidsopphald => korttidsopphold  # general Norwegian: Nynorsk
langtidsopphald => langtidsopphold  # general Norwegian: Nynorsk
avlasting => avlastning  # general Norwegian: Nynorsk
heimreise => hjemreise  # general Norwegian: Nynorsk
omsorgsbustad => omsorgsbolig  # general Norwegian: Nynorsk
einsemd => ensomhet  # general Norwegian: Nynorsk
einsam => ensom  # general Norwegian: Nynorsk
tryggleik => trygghet  # general Norwegian: Nynorsk
tryggleiksalarm => trygghetsalarm  # general Norwegian: Nynorsk
kjensle => følelse  # general Norwegian: Nynorsk
redsle => frykt  # general Norwegian: Nynorsk
svevn => søvn  # general Norwegian: Nynorsk
frukost => frokost  # general Norwegian: Nynorsk
klede => klær  # general Norwegian: Nynorsk
kvardag => hverdag  # general Norwegian: Nynorsk
rørsle => bevegelse  # general Norwegian: Nynorsk
høyrsel => hørsel  # general Norwegian: Nynorsk
høyreapparat => høreapparat  # general Norwegian: Nynorsk
gløymsk => glemsk  # general Norwegian: Nynorsk
gløyme => glemme  # general Norwegian: Nynorsk
kyrkje => kirke  # general Norwegian: Nynorsk
bøn => bønn  # general Norwegian: Nynorsk
dotter => datter  # general Norwegian: Nynorsk
born => barn  # general Norwegian: Nynorsk
vitje, vitjing => besøke, besøk  # general Norwegian: Nynorsk
ringje => ringe  # general Norwegian: Nynorsk
tilbod => tilbud  # general Norwegian: Nynorsk
dagtilbod => dagtilbud  # general Norwegian: Nynorsk
sjølvstendig => selvstendig  # general Norwegian: Nynorsk
meistring, meistre => mestring, mestre  # general Norwegian: Nynorsk
verdigheit => verdighet  # general Norwegian: Nynorsk
venting => vente  # general Norwegian: Nynorsk
"""
