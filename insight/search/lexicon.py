"""Built-in word lists for Norwegian analysis: compound parts, unsplittable words, stop words.

The compound splitter knows its parts, with their frequencies, from fixed word lists on the
index side and from the index's current vocabulary on the query side (`ranking`,
`core.Engine.known`); the list of domain parts it once had (DOMAIN_PARTS, which held the dev
queries' parts `alarm`, `vakt`, `tildeling`, `helg`, …) is gone (issue 11). What stays is
general Norwegian grammar: three-letter words allowed as parts, lexicalised compounds, adverbs
that are not heads, strong verbs, stop words. Sources: Norsk referansegrammatikk; Snowball's
stop list.
"""

from __future__ import annotations

# Three-letter parts are only trusted from this list.
SHORT_PARTS = "bad dag rom mat tur uke app".split()  # common nouns; not `tid`, `liv`: tidlig, livet

# Lexicalised compounds whose parts mislead ("syke" + "hjem" is not about going home).
NO_SPLIT = """
sykehjem sykehus sykepleier sykepleie hjemmetjeneste tilbake selvstendig forutsigbar
""".split()

# Adverbs and prepositions that form lexicalised words (gjennomgang, tilbakeslag, framgang)
# or look like a head where none is (mestring).
NOT_HEAD = """
gjennom tilbake fram frem bort sammen etter under over mellom uten innen utenfor
mest mer mye lite litt mindre minst helt
""".split()

# Strong (irregular) verbs: Snowball stems their forms apart (kommer → komm, kom → kom), so
# each form is analysed as the infinitive. Forms that are also common function words (så,
# la, satt) are left out.
IRREGULAR_VERBS = """
komme: kommer kom kommet
gå: går gikk gått
legge: legger lagt
få: fikk fått
ta: tar tok tatt
si: sier sa sagt
gi: gir ga gav gitt
ligge: ligger lå ligget
sitte: sitter sittet
sove: sover sov sovet
stå: står sto stod stått
finne: finner fant funnet
dra: drar dro dratt
skrive: skriver skrev skrevet
drikke: drikker drakk drukket
hjelpe: hjelper hjalp hjulpet
be: ber ba bedt
vite: vet visste visst
forstå: forstår forsto forstod forstått
glemme: glemmer glemte glemt
"""

# Nouns with a vowel change or an irregular plural (Norsk referansegrammatikk): Snowball stems
# their forms apart (natt → natt, netter → nett), so each form is analysed as the singular.
IRREGULAR_NOUNS = """
natt: netter nettene
hånd: hender hendene
fot: føtter føttene
tann: tenner tennene
tå: tær tærne
kne: knær knærne
mor: mødre mødrene
far: fedre fedrene
bror: brødre brødrene
datter: døtre døtrene
søster: søstre søstrene
mann: menn mennene
bok: bøker bøkene
middel: midler midlene
hjelpemiddel: hjelpemidler hjelpemidlene hjelpemidlet
legemiddel: legemidler legemidlene legemidlet
sykkel: sykler syklene
"""

# Snowball's Norwegian stop list (Bokmål and Nynorsk), without `kom` (a verb in Bokmål).
STOP_WORDS = """
alle at av bare begge ble blei bli blir blitt både båe da de deg dei deim deira deires dem
den denne der dere deres det dette di din disse ditt du dykk dykkar då eg ein eit eitt eller
elles en enn er et ett etter for fordi fra før ha hadde han hans har hennar henne hennes her
hjå ho hoe honom hoss hossen hun hva hvem hver hvilke hvilken hvis hvor hvordan hvorfor i
ikke ikkje ingen ingi inkje inn inni ja jeg kan korleis korso kun kunne kva kvar
kvarhelst kven kvi kvifor man mange me med medan meg meget mellom men mi min mine mitt mot
mykje ned no noe noen noka noko nokon nokor nokre nå når og også om opp oss over på samme
seg selv si sia sidan siden sin sine sitt sjøl skal skulle slik so som somme somt så sånn
til um upp ut uten var vart varte ved vere verte vi vil ville vore vors vort vår være vært å
""".split()

# Function words of questions from Norwegian grammar (Norsk referansegrammatikk): modal verbs,
# the pro-verb `gjøre`, interrogatives and hedging adverbs. The framing verbs of the dev
# questions (skjer, opplever, føler, brukes, finnes, nok) were removed (issue 11): they are
# content words, and BM25's IDF already weighs common ones down.
QUESTION_WORDS = """
må måtte bør burde får gjør gjøre gjøres hvilket hvilken hvilke egentlig vanligvis
""".split()

# Function words Snowball's list lacks (Norsk referansegrammatikk): prepositions, determiners,
# degree and sentence adverbs, subjunctions. Left out of questions of three words or more,
# like the question words; a short query keeps them. The adverbs of frequency and degree that
# framed the dev questions (`ofte`, `nok`, `mest`, `typisk`) are deliberately not here.
FUNCTION_WORDS = """
hos blant rundt langs innen innenfor utenfor bak foran via mens dersom enten verken hverken
annen annet andre hele egen eget egne hverandre flere færre mye mer litt lite veldig svært
ganske helt altfor alltid aldri sjelden kanskje jo vel visst allerede fortsatt ennå nettopp
derfor likevel dessuten altså nemlig
""".split()

# Adverbs that complete a particle verb (Norsk referansegrammatikk: partikkelverb): `skrive ut`
# (discharge), `legge inn` (admit), `kle på` (dress), `følge opp`, `kaste opp`. They are stop
# words, so a thesaurus phrase holding one is matched with it (`skrevet ut` → utskrivning) and
# never reduced to the bare verb (`skrive`).
PARTICLES = "ut inn opp ned på av".split()

# English function words (a question in English: "getting dressed in the morning"), left out
# of queries of three words or more like the Norwegian question words. Words that are also
# Norwegian content words (`is` ice, `do` toilet, `and` duck, `for`) are not here.
ENGLISH_FUNCTION_WORDS = """
the in of to with on at by from into onto about after before during when where what which who
whom why how does did are was were been being their there they them this that these those
an a my your our his her its not can could would should will have has had than then very
""".split()
