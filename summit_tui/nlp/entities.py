"""The default named-entity extractor: a gazetteer, patterns and cues.

No model and no heavy dependency. Each sentence (and each heading) is cut
into tokens once; then

1. quantities (money, percentages, amounts with units, dates) come from
   ``summit_tui.nlp.quantities`` and win over any name they overlap
   ("May 16" is a date, not a person called May);
2. the gazetteer matches the longest known alias at each token;
3. runs of capitalised words (with connectors such as "of", "for", "de"
   and hyphens) are cut at titles ("Foreign Minister") and at the head word
   of an organisation ("... Security Council | Sergei Shoigu") and typed by
   their head word (University -> ORG, Expo -> EVENT, Sea -> LOC), by a
   company ending ("Qamar Resources", "... LLP") or an organisation's first
   word in other languages ("Institut", "VfL"), by cues around them ("said
   X", "X said", "according to X", "X, a professor", "farm lobby X",
   "Abu Dhabi-based X", "the X copper mine", "residents of X") or by their
   shape (two to four name-like words -> PERSON, kept only with a given or
   family name we know, a pronoun after it, a person listed beside it or a
   cue for one of its words elsewhere in the article; otherwise its type is
   left open: "Mato Grosso do Sul" is no one). Place names open with
   "Mount", "Salar", "Sierra", "Estadio", "Rue", "Port of" (LOC) or "San",
   "Puerto", "Fort" (GPE); events with "Typhoon", "Operation", "Copa",
   "Tour de"; a year before or after an event is part of its name ("the
   2026 World Cup", "Euro 2024"). A place at the end of a
   longer name makes it an organisation ("Bayern Munich", "Statistics
   Canada"); a portfolio before a minister is part of the title ("Mines
   Minister"); capitals opening an article before a dash are its dateline;
4. per article, a short name resolves to the full name it abbreviates
   ("Gabuev" -> "Alexander Gabuev", "Xi" -> "Xi Jinping"), a short form
   defined in parentheses ("(BOJ)", "(TurkStat)") to its long form, a head
   word alone ("the Commission") to the one name of the article ending with
   it, and a name the gazetteer knows to the gazetteer's entry; a name the
   cues left open takes the type the article gives the same words, or the
   other names of its list ("Marulan Vale, Bungonia Flats and Wollogorang").

A capitalised word at the start of a sentence says nothing: it is a name
only when the gazetteer knows it, it is seen capitalised mid-sentence in the
same article, or a cue says so.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from summit_tui.corpus.model import Article
from summit_tui.nlp.aliases import (
    ALL_CAPS,
    ANY_CASE,
    Alias,
    Gazetteer,
    GazetteerEntry,
    entity_key,
    fold,
    load_gazetteer,
    normalise_label,
    tokenize,
)
from summit_tui.nlp.model import DATE, EVENT, GPE, LOC, NORP, ORG, PERSON, Mention


def _words(text: str | list[str]) -> frozenset[str]:
    return frozenset(text.split() if isinstance(text, str) else text)


# --------------------------------------------------------------------------
# Word lists (folded, lower case)

MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun")

# Function words and sentence openers: never a name on their own.
FUNCTION_WORDS = _words(
    """the a an this that these those there here but and or nor so yet if when while whilst where
    why how what who whom whose which whether although though because since as after before
    during until till unless despite in on at by for from to with without within into onto of off
    over under about above below between among amid amidst against across along around through
    throughout toward towards upon per via like unlike beyond near outside inside following
    according including he she it we they i you his her hers its our their my your him them us me
    one two three four five six seven eight nine ten both each every all any some many most much
    more less few several other others another such no not none nothing neither either only also
    even still just then now thus hence however meanwhile moreover furthermore additionally
    overall indeed instead otherwise nevertheless nonetheless therefore consequently accordingly
    finally first firstly second secondly third last lastly next later earlier today yesterday
    tomorrow tonight yes ok okay please perhaps maybe already again once twice recently currently
    previously ultimately eventually initially similarly likewise specifically notably
    importantly interestingly clearly obviously apparently reportedly allegedly officially
    separately together altogether is are was were be been being do does did has have had will
    would can could may might must shall should let lets say says said see read watch click sign
    subscribe share comments comment menu home log reset password top back up down out new old""".split()
)

ARTICLES = _words("the a an")
NAME_MONTHS = _words("jan may june april august")  # months that are also first names

# Capitalised words that are ordinary words, not names: they end a name's
# shape ("Global South" is not a person) and a sentence may open with them.
_ROLE_NOUNS = """president minister premier chancellor secretary senator governor mayor general
    professor doctor director chairman chairwoman chairperson chair ceo spokesperson spokesman
    spokeswoman ambassador envoy judge justice commissioner leader speaker chief head founder
    analyst researcher economist historian scientist scholar fellow expert adviser advisor aide
    official diplomat strategist activist lawyer attorney prosecutor author writer journalist
    reporter correspondent columnist editor photographer artist actor actress singer rapper
    musician producer presenter host anchor candidate nominee incumbent challenger colleague
    counterpart predecessor successor lawmaker legislator congressman congresswoman politician
    commander colonel captain lieutenant sergeant admiral officer detective inspector
    superintendent coach manager player striker goalkeeper executive consultant engineer
    entrepreneur investor banker trader student teacher lecturer dean provost rector member
    representative delegate negotiator mediator observer critic supporter opponent protester
    resident witness victim survivor citizen worker voter owner partner manager king queen
    prince princess pope cardinal bishop archbishop rabbi imam cleric priest monk sheikh emir
    sultan firefighter paramedic nurse farmer grower smallholder pensioner retiree schoolteacher
    butcher agronomist ecologist coordinator shopkeeper vendor driver pilot soldier mother father
    pastor constable trooper midfielder defender winger fullback quarterback pitcher batsman bowler
    cyclist sprinter swimmer skier boxer jockey golfer athlete runner cricketer footballer novelist
    poet filmmaker designer chef billionaire tycoon magnate fisher fisherman herder rancher""".split()
ROLE_WORDS = frozenset(_ROLE_NOUNS) | _words(
    "deputy vice former premier chief head boss secretary-general director-general scientist"
)

COMMON_WORDS = (
    FUNCTION_WORDS
    | MONTHS
    | WEEKDAYS
    | frozenset(_ROLE_NOUNS)
    | frozenset(w + "s" for w in _ROLE_NOUNS)
    | _words(
        """north south east west northern southern eastern western central northeast northwest
        southeast southwest northeastern northwestern southeastern southwestern great grand
        greater high higher upper lower supreme royal public general special joint united national
        international global world federal state states republic people peoples democratic
        socialist communist liberal conservative labour labor green red white black blue yellow
        second third former deputy vice prime acting interim foreign defense defence finance
        interior trade economic economy political politics military security energy health
        education science technology human rights development affairs studies research policy
        strategic strategy analysts experts officials critics observers sources reports data
        investors leaders residents authorities police troops forces government governments
        ministers military-wise economic-wise weeks months years days hours minutes decades
        week month year day hour minute decade century war peace talks deal trade crisis summit
        visit meeting meetings statement statements agreement agreements relations relationship
        partnership cooperation collaboration pressure sanctions tensions conflict conflicts
        invasion attack attacks election elections vote votes market markets company companies
        bank banks business businesses industry industries oil gas coal power water food climate
        news story stories article video photo photos image images source update updates breaking
        live opinion analysis editorial exclusive watch listen advertisement related more less
        military political economic social cultural financial diplomatic strategic historic
        historical significant important major minor key main big small large huge massive
        little long short early late recent current future past present ongoing growing rising
        increasing strong stronger weak weaker good better best bad worse worst free fair full
        total average annual daily weekly monthly yearly local regional domestic overseas abroad
        official unofficial formal informal private personal common shared mutual bilateral
        multilateral comprehensive complex simple clear certain sure true false real possible
        likely unlikely despite amid ahead behind beyond above below experts analysts critics
        fellow fellows both either neither whatever whoever whichever wherever whenever
        everyone everybody everything someone somebody something anyone anybody anything
        nobody none no-one many much few several various different similar same own only
        just very really quite rather too enough almost nearly about around roughly approximately
        sign log menu reset password comments subscribe share print email copy link""".split()
    )
)

# One-word aliases the gazetteer may list that are far more often ordinary
# words ("May"): they name the entry only right after a title.
WEAK_ALIAS_WORDS = FUNCTION_WORDS | MONTHS | WEEKDAYS

# Titles: dropped from a person's span, and a strong cue that a name follows.
TITLE_HEADS = _words(
    """firefighter coach inspector detective constable superintendent pastor reverend rev ayatollah
    mufti patriarch trooper corporal
    president presidents minister ministers premier chancellor secretary secretary-general
    senator sen governor gov mayor general gen dr doctor professor prof mr mrs ms miss mx sir dame
    lord lady king queen prince princess emperor empress pope cardinal archbishop bishop rabbi
    imam sheikh sheik emir sultan ambassador envoy judge justice commissioner chairman chairwoman
    chairperson ceo director director-general spokesperson spokesman spokeswoman rep
    representative congressman congresswoman admiral adm colonel col captain capt lieutenant lt
    major maj sergeant sgt commander marshal leader speaker chancellor mp mep councillor
    councilor analyst researcher economist professor scientist officer executive"""
)
TITLE_MODIFIERS = _words(
    """former ex late then deputy vice acting interim first prime foreign defense defence finance
    interior economy economic trade energy health education home chief senior junior assistant
    associate executive managing supreme crown general state minority majority party opposition
    new outgoing incoming"""
)
TITLE_ABBREVIATIONS = _words("mr mrs ms dr st gen sen rep gov lt col capt prof maj sgt adm cmdr jr sr mt ft")
# Portfolios before a government title: "Mines Minister", "Agriculture Cabinet
# Secretary", "Foreign Affairs spokesperson" are titles, not names.
PORTFOLIO_WORDS = _words(
    """agriculture mines mining labour labor finance foreign affairs defence defense health education
    energy trade interior home justice transport transportation environment tourism fisheries water
    lands housing communications information digital science industry commerce economy economic
    development social welfare women youth sport sports culture treasury petroleum oil infrastructure
    works planning investment budget tax climate security immigration employment agrarian
    livestock irrigation cooperatives culture heritage public service services internal external
    natural resources technology innovation cabinet""")
GOVERNMENT_TITLES = _words(
    "minister ministers secretary commissioner spokesperson spokesman spokeswoman czar tsar")
# Departments that end "Secretary of State", "Minister of Foreign Affairs".
DEPARTMENT_WORDS = _words(
    """state defense defence treasury commerce agriculture energy health education labor labour
    justice transportation transport interior finance foreign affairs economy trade culture
    home internal external"""
)

ORG_HEADS = _words(
    """university universities institute institution ministry department council bank company
    corp corporation inc incorporated ltd llc plc co gmbh ag group agency party committee
    commission association foundation centre center times news post journal herald tribune
    gazette daily press telegraph chronicle observer economist service services office bureau
    authority administration court tribunal parliament assembly senate congress federation union
    alliance coalition organisation organization society club college school academy
    hospital clinic laboratory laboratories labs museum library fund trust holdings industries
    airlines airways motors systems technologies technology partners securities exchange network
    media broadcasting television tv radio magazine review guard army navy force forces fleet
    police secretariat cabinet directorate board reserve treasury brigade regiment battalion
    corps command church house studios embassy consulate mission channel cooperative
    enterprises confederation movement centres centers institutes councils commissions agencies
    observatory holding limited llp lp nv bv sa sas spa sarl pty pte bhd tbk oyj asa""".split()
)
# Last words that make a name an organisation ("Qamar Resources", "Polar
# Mutual") without cutting a longer name after them, as a head word would.
ORG_SUFFIXES = _words(
    """resources mines mining minerals metals energy power petroleum electric electricity foods
    beverages brands pharmaceuticals pharma therapeutics biotech logistics shipping steel chemicals
    cement insurance assurance mutual capital ventures investments advisors advisers consulting
    consultants research analytics economics associates solutions software telecom telecoms
    communications entertainment pictures records brewery breweries farms dairies automotive
    aerospace airways railways rail healthcare bancorp financial properties realty estates
    engineering manufacturing textiles apparel retail stores supermarkets hotels resorts cruises
    shipyards robotics semiconductor semiconductors electronics devices instruments networks
    platforms games publishing watch monitor international tribe staff""")
# First words of organisations in many languages: "Institut Horizon Climat",
# "VfL Wolfsburg", "Banco Santander", "Grupo Bimbo".
ORG_PREFIXES = _words(
    """institut instituto istituto universidad universidade universita universitat universite
    universiteit uniwersytet hochschule banco banca banque grupo groupe gruppo fundacion fundacao
    fondation fondazione stiftung club fc afc cf sc sv vfl vfb tsg ssc ac sporting partido parti
    partito partei compagnie compania companhia societe sociedad empresa agence agencia ministerio
    ministere ministero consejo conseil comite comision comissao corte cour asociacion associacao
    sindicato confederacion federacion federacao""")
EVENT_HEADS = _words(
    """expo summit forum games cup olympics olympiad paralympics conference war initiative festival
    election elections fair exhibition championship championships tournament dialogue revolution
    uprising massacre parade marathon show league liga bundesliga indaba
    treaty agreement accord accords pact act convention protocol charter directive doctrine
    programme program plan policy deal
    prix battle siege referendum intifada offensive genocide airlift biennale biennial carnival
    jubilee regatta series slam symposium plenum trials tour week
    declaration consensus memorandum compact framework roadmap agenda scheme regulation amendment
    mechanism"""
)
# Seas and rivers, and named facilities (streets, ports, stadiums), are LOC.
LOC_HEADS = _words(
    """sea ocean gulf strait straits bay river lake lakes mountains mountain peninsula desert island
    islands isles valley basin coast plateau steppe delta glacier archipelago highlands lowlands
    plains forest falls reef canal creek
    pass plain ranges fjord lagoon reservoir marsh marshes wetlands swamp hills heights ridge peak
    volcano crater canyon gorge cliffs bight rapids oasis atoll shoal trench tundra rainforest
    estuary passage corridor belt triangle crescent riviera strip
    cathedral mosque temple shrine airport stadium arena bridge square palace castle tower towers
    station street avenue ave boulevard road highway motorway hotel theatre theater prison base
    dam pipeline harbour harbor monument memorial gate wall park mine crossing terminal buildings
    strasse straße prospekt platz plaza piazza expressway freeway tunnel airbase airfield promenade
    waterfront boardwalk pier
    cosmodrome spaceport refinery oilfield gasfield quay wharf embankment"""
)
# First words of a place's name ("Mount Kenya", "Salar de Atacama", "Estadio
# Azteca", "Rue de Rivoli"); they also keep an "of" in the name ("Gulf of Aden").
LOC_PREFIXES = _words(
    """mount mt lake cape gulf sea strait bay isle salar sierra isla islas ilha ilhas isola ile lago
    laguna monte mont jebel jabal wadi lac loch lough pico cerro nevado volcan bahia golfo camp
    estadio estadi stade stadio stadion rue calle avenida rua plac praca canal""")
# First words of a town's name in many languages ("San Cristobal", "Port
# Harcourt", "Puerto Montt", "Ciudad Juarez"): a place, unless a cue says
# otherwise ("Port of Durban" is the port itself, a LOC).
GPE_PREFIXES = _words(
    """san santa santo sao saint sainte st ste port fort puerto porto ciudad villa nueva nuevo novo
    nova bandar kota kuala""")
# Institutions whose names end with their city: "Imperial College London".
CITY_NAMED_HEADS = _words("college university school institute academy hospital polytechnic conservatory")
# First words that keep an "of" after them: "Port of Durban", "Tour of Flanders".
OF_OWNERS = _words("port tour")
# Nouns before "of" that name a natural reserve rather than a central bank's:
# "Maasai Mara National Reserve", "the Tana River Game Reserve".
NATURE_RESERVES = _words("nature game wildlife marine biosphere forest national ecological")
GPE_HEADS = _words(
    """province oblast prefecture county city district krai governorate republic emirate territory
    municipality township borough canton"""
)
# Heads of names outside our types (prizes, products): the whole span is
# dropped, inner place names included ("Nobel Peace Prize").
NO_TYPE_HEADS = _words("prize award awards medal trophy")
HEAD_TYPES: dict[str, str | None] = {
    **{w: None for w in NO_TYPE_HEADS},
    **{w: GPE for w in GPE_HEADS},
    **{w: LOC for w in LOC_HEADS},
    **{w: EVENT for w in EVENT_HEADS},
    **{w: ORG for w in ORG_HEADS},
}

# Company endings written with a full stop that belongs to the name.
ABBREVIATED_SUFFIXES = _words("ltd inc corp co bros plc llc")
NAME_SUFFIXES = _words("jr sr")  # "Wendsler Nosie Sr."
COMPANY_MARKERS = _words("bros inc ltd llc llp plc corp gmbh")  # a company's name, wherever they stand
CONNECTORS = _words("of for on and & the de da di du del della der den van von la le las los do bin ibn al el y dos das ter ten")
NAME_PARTICLES = _words("de da di du del della der den van von la le las los do bin ibn al el y dos das ter ten")
ATTACHED_PREFIXES = _words("al el bin ibn")  # al-Assad
ROMAN_NUMERALS = _words("i ii iii iv v vi vii viii ix x xi xii")
_NAME_PUNCT = str.maketrans("", "", "-\u2010\u2011\u2012\u2013'\u2019\u02bc.")  # inside one name word
# Endings of English words that are almost never names.
NOT_NAME_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ism", "ship", "ical", "ial", "ious", "eous",
                     "ful", "less", "able", "ible", "ology", "ments", "tions")
# "Hurricane Milton", "Operation Barbarossa": a kind of event before its name.
EVENT_PREFIXES = _words("hurricane typhoon cyclone storm tropical super operation copa giro vuelta tour")

# Given names (and family names written first: "Wang", "Nguyen") in many
# languages. A capitalised pair that no cue types is a person's name by its
# shape only when it opens with one of these, or when the article uses one
# of its words as a person's elsewhere ("Tangen said"); otherwise it is as
# likely a place, a club or a festival ("Mato Grosso", "Copa Libertadores")
# and is left unlabelled. The gazetteer's people add their first names.
GIVEN_NAMES = _words(
    """aaron abby abdul abdullah abdullahi abel abigail abraham abu adam adama adebayo adel adela
    adrian adriana agnes agnieszka ahmad ahmed aidan aiko aisha akira akosua alan alain albert
    alberto aleksander aleksandr alejandra alejandro alessandro alessandra alex alexander alexandra
    alexandre alexei alexey alfonso alfred ali alice alicia alina alison amadou amal amanda amara
    amber amelia amina amir amit amy ana anastasia anders andre andrea andreas andrei andres andrew
    andrzej andy angela angelica angelo anil anita ann anna anne annette anthony antoine anton
    antonio anu anwar aoife arjun arnaud arne aron arthur arturo arvind asif astrid ayodele ayesha
    babajide baraka barbara barry bart beatriz ben benedict benjamin bernard bernardo bert beth
    bettina bilal bill birgit bjorn blessing bob bogdan boris brandon brendan brian bridget bruno
    bryan camila camille carl carla carlos carmen carol caroline carolyn catherine cecilia cesar
    chan chandra charles charlotte chen cheng chiara chidi chinedu chioma chloe chris christian
    christina christine christopher chukwuma cindy claire clara claudia claudio colin conor craig
    cristina cristiano cyril dag daisuke dalia damian dan daniel daniela danielle dario darius
    david dawit deborah deepak denis dennis derek diana diego dilma dimitri dmitri dmitry dominic
    dominique donald dong dorota douglas duc dylan ebrahim edgar edith eduardo edward edwin elena
    eli elif elijah elisa elisabeth eliza elizabeth ella ellen elsa emeka emil emily emma emmanuel
    enrique eric erik erika ernesto esther ethan eugene eva evan evelyn fabian fabio farah farhan
    farid fatima fatma federico felipe felix fernanda fernando filip fiona florian francesca
    francesco francis francisco franco frank franz fred frederick fumio gabriel gabriela gareth
    gary gaurav geoffrey george georg georgina gerald gerhard giorgia giorgio giovanni giulia
    giuseppe gloria gonzalo grace graham greg gregory guillermo gustavo hamid hana hannah hans
    haruka haruto hassan heather heidi heinz helen helena helga henrik henry hiroshi hiroki hoang
    hossam hugo hussein ian ibrahim idris igor ilya imran ines ingrid irene iris isaac isabel
    isabella ismail ivan jack jacob jacques jaime jakob james jamal jan jane janet janusz jason
    javier jean jeff jeffrey jennifer jens jeremy jerome jessica jesus ji jiang jin joan joanna joao
    joe johan johann johannes john jonas jonathan jorge jose josef joseph josh joshua juan judith
    julia julian julie julien julio jun junichiro justin kamal kamala karen karim karin karl kasia
    kate katarzyna katherine kathleen kathryn katja kazuo keiko keith ken kenji kenneth kevin khalid
    kim kirsten klaus koji kofi kojo kwame kwabena kyle lars laura lauren laurent lea leila lena
    leo leon leonardo lewis li liam lin linda lisa liu liz lorenzo louis louise luc luca lucas
    lucia luis luiz luka lukas lukasz magdalena mahmoud malik manuel marc marcel marcela marco
    marcos marcus margaret maria mariana marie marina mario mark markus marta martin martina mary
    masahiro mateo mathieu matteo matthew matthias maurice max maxim maya mehmet melissa mercy
    michael michal michel michelle miguel mikhail mila milan miriam mohamed mohammad mohammed
    monica moses muhammad murat mustafa nadia nadine nancy naomi narendra natalia natalie natasha
    nathan neil nguyen nicholas nicola nicolas nicolai nicole niels nikita nikolai nina noah noor
    nora nour obinna oleg oleksandr oliver olga olivia omar oscar otto pablo paolo patricia
    patrick paul paula pavel pedro per peter petra philip philippe pierre piotr priya rachel rafael
    rahul raj rajesh ramon rana raul rebecca reza ricardo richard rita robert roberto robin rodrigo
    roger roland roman rosa ruth ryan sabine sadiq sally sam samir samuel sandra sanjay sara sarah
    sasha satoshi scott sean sebastian serge sergei sergey sergio shinzo shreya simon simone sofia
    sophie stefan stefano stephanie stephen steven susan svetlana sven takashi taro tatiana teresa
    thabo thanh thomas tim timothy tobias tom tomas tony tran ulrich ursula valentina valentin
    valeria vanessa vera veronica victor victoria viktor vincent vladimir walter wang wei werner
    william wolfgang xavier yan yang yasmin yoko yousef youssef yuki yuko yuri yusuf yves zainab
    zhang zhao zhou zoe zsofia
    abdel abdelaziz abdulaziz abdulrahman amr anas ayman bassam fahad faisal fawaz hamad hamdan
    hamza hani hisham jaber khaled khalil majed mansour marwan nabil nasser nawaf osama qasim
    rami rashid saeed saif salem salim sami saud tamim tariq turki walid yazeed yazid yasser
    zayed ziad abiy aliko amina bola chinua dangote funmilayo goodluck kagiso kipchoge lindiwe
    ngozi nnamdi olusegun oluwaseun sipho tendai thandiwe uhuru wanjiru yemi zodwa
    aditya ajay akshay amitabh anand anupam arun ashok deepika gautam harish kavita lakshmi mahesh
    manish meena nandini nitin pooja pradeep prakash ramesh ravi rohit sachin sanjeev shashi
    shreyas subramanian sunil suresh sushma vijay vikram vinod yogesh
    agata andriy bohdan dariusz dmytro grzegorz halyna iryna jaroslav katarina kateryna kristina
    marek mateusz miroslav mykola nadezhda oksana olena petro radoslaw stanislav taras tetiana
    tomasz volodymyr vitali vitaliy wojciech yulia yuliia zbigniew zoran
    ahmet burak emre fatih hakan kemal mesut recep selim serkan
    ali-reza ebrahim hossein javad mahmoud masoud mehdi mohsen mojtaba parisa
    aaliyah brittany chad chelsea dallas jordan madison austin lincoln orlando houston sydney
    victoria sofia florence paris georgia santiago savannah regina charlotte adelaide
    hao hui jian jie jing jun kai lei ling ming ping qiang tao xiao xin yi ying yong yu yun
    haruki hideki hiroko kaito kazuki kenta makoto mariko minoru naomi shigeru shinji shota sota
    takeshi tomoko toshiro yasuhiro yoshihiko yoshimasa yusuke
    jae-in jae-yong min-jun seo-yeon sung-min yoon ji-hoon"""
)

SAY_VERBS = _words(
    """said says told tells wrote writes added adds noted notes argued argues explained explains
    recalled recalls insisted insists asked asks replied replies tweeted posted thinks believes
    warned warns stressed stresses commented observed acknowledged admitted suggested suggests
    predicted predicts cautioned contends contended countered continued concluded"""
)
# Common family names in many languages: a capitalised pair ending in one is
# a person's name ("Lyric Li", "Otieno Mwangi") even without a given name we know.
FAMILY_NAMES = _words(
    """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
    gonzalez wilson anderson taylor thomas moore jackson martin lee perez thompson white harris
    sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill
    flores green adams nelson baker hall rivera campbell mitchell carter roberts murphy kelly
    obrien byrne ryan walsh muller schmidt schneider fischer weber meyer wagner becker schulz
    hoffmann rossi russo ferrari esposito bianchi romano silva santos oliveira souza pereira costa
    ferreira almeida carvalho gomes martins rocha ribeiro fernandes kumar singh sharma patel gupta
    khan ali ahmed hussain chen wang zhang liu yang huang zhao wu zhou li xu sun ma zhu hu guo lin
    kim park choi tanaka suzuki takahashi watanabe ito yamamoto nakamura kobayashi sato ivanov
    petrov smirnov kuznetsov popov novak kowalski nowak wisniewski dubois durand leroy moreau
    laurent lefebvre fernandez gomez diaz ruiz jimenez moreno alvarez romero okafor okonkwo mensah
    owusu mwangi otieno kamau ochieng dlamini nkosi ndlovu khumalo mohamed hassan ibrahim abdullah
    yilmaz kaya demir sahin celik jensen nielsen hansen pedersen andersen larsen johansson karlsson
    nilsson eriksson olsen berg haugen virtanen korhonen jansen visser janssens peeters tran pham
    hoang phan vu dang bui ngo"""
)
PERSONAL_PRONOUNS = _words("he she his her him himself herself")
# Particles inside Arabic and other names: "Yazeed Al Rajhi", "Mohammed bin Salman".
INNER_NAME_PARTICLES = _words("al el bin ibn bint abu ould ben")
# "his rival X", "her lawyer X": a person's relation before a name.
KIN_OWNERS = _words("his her their my our your")
# After "X," a participle of speech: "France's X, speaking for 11 states".
SPEAKING_WORDS = _words("speaking writing adding noting explaining arguing warning saying insisting")
PERSON_AFTER_WORDS = _words("administration government presidency cabinet campaign")  # "the Biden administration"
GPE_BEFORE_WORDS = _words("in near outside across throughout from")
PEOPLE_OF_A_PLACE = _words("residents inhabitants mayor governor people citizens outskirts suburbs streets")
PEOPLE_OF_AN_ORG = _words(
    "founder co-founder chairman chairwoman ceo shareholders employees staff spokesman spokeswoman owner owners")
# Words that describe a part of a place rather than name something in it:
# "Upstate New York", "Downtown Chicago" are not organisations.
PLACE_MODIFIERS = _words("upstate downstate downtown uptown rural coastal suburban inner outer occupied mainland "
                         "metropolitan greater central northern southern eastern western")
DIRECTION_WORDS = _words("north south east west northern southern eastern western")
APPOSITION_PLACES = _words("town city village settlement community hamlet suburb township municipality")
PLACE_NOUNS = _words("town city village province region state county district island port capital municipality suburb")
# A lower-case noun after a name that says what kind of place it is.
PLACE_AFTER: dict[str, str] = {
    **{w: GPE for w in ("province region county district city town village municipality oblast prefecture "
                         "state neighbourhood neighborhood suburb").split()},
    **{w: LOC for w in "river valley mountains mountain lake sea coast basin peninsula desert island islands bay gulf strait".split()},
    **{w: LOC for w in "reservoir dam airport bridge station square stadium port harbour harbor mine crossing".split()},
    **{w: LOC for w in "crossings mines airports stadiums dams bridges oilfield refinery smelter".split()},
    **{w: GPE for w in "resident residents native natives villagers townspeople".split()},  # "Gaza residents"
}
# Facilities named after a place: "the Rafah crossing", "the Mwembeshi copper
# mine" -- the named facility is a LOC (one modifier may come between).
FACILITY_AFTER = _words("crossing crossings airport stadium dam bridge mine mines oilfield field refinery smelter "
                        "plant reservoir terminal pipeline")
# After a place, offices of the place rather than roles at an employer:
# "Goulburn mayor X" (but "Dortmund chief executive X").
PLACE_ROLES = _words("mayor governor premier councillor councilor")
# After an organisation noun, a kind of area: "the Upper Lachlan council area".
AREA_NOUNS = _words("area areas district districts region regions ward wards shire boundary")
# Lower-case nouns just before a name that say it is an organisation:
# "farm lobby Copa-Cogeca", "meat processor Halvorsen", "underwriter Polar Mutual".
ORG_BEFORE = _words(
    """lobby processor miner underwriter tank insurer lender carmaker automaker chipmaker drugmaker
    retailer grocer supermarket brokerage consultancy watchdog regulator conglomerate outlet firm
    club franchise startup start-up subsidiary affiliate giant manufacturer maker exporter importer
    supplier newspaper magazine network airline company group bank agency charity association
    federation union party body institute outfit fund""")
# Vessels have names but no type here: "the cargo ship Nordvik Pioneer".
VESSEL_BEFORE = _words(
    """ship vessel tanker freighter yacht ferry frigate destroyer submarine warship cruiser icebreaker
    trawler boat liner containership superyacht""")
# Nouns in an apposition that say the name before is an organisation.
ORG_NOUNS = _words(
    """company firm group federation body organisation organization agency association union party
    bank broadcaster newspaper network carrier airline manufacturer maker producer retailer lender
    insurer operator regulator charity organiser organizer conglomerate giant startup start-up club
    team ministry department institute university council committee government think-tank
    thinktank outlet publisher supplier exporter importer developer magazine tabloid daily website"""
)
# Plural nouns before "including"/"such as" that make the names after them
# organisations ("insurers including Allianz and Generali").
ORG_PLURALS = frozenset(
    w[:-1] + "ies" if w.endswith("y") and w[-2:-1] not in "aeiou" else w + "s"
    for w in ORG_BEFORE | ORG_NOUNS
) | _words("rivals brands clients competitors peers")
# People who work at an organisation: "analysts at X said" is their saying, not X's.
PEOPLE_AT_AN_ORG = _words(
    """analysts economists strategists researchers scientists officials executives staff employees
    workers engineers traders doctors experts lawyers bankers managers sources""")
ACRONYM_STOP = _words(
    """ceo cfo coo cto gdp gnp usd eur rub cny gbp jpy ai ev evs tv pc ok am pm utc gmt bst est pst
    et ii iii iv vi vii viii ix xi xii phd dna rna hiv aids covid lng lpg ghg km kg mw gw twh usb id
    pdf faq pr hr it nb ps ad bc bce ce cpi pmi ipo etf vat gst ngo ngos wmd icbm mp mep mps uav
    uavs suv vip tba tbd asap diy fyi q1 q2 q3 q4 h1 h2 fy yoy"""
)
OPENING_PUNCT = frozenset("\u201c\"\u2018'([{:\u2014\u2013-\u2022\u2026")
SMALL_WORDS = _words("a an the of and in on for to by at with from vs as or but is are")

_TITLE_CASE_SHARE = 0.6
MAX_RUN_UNITS = 40  # units in one run of capitalised words before it is not a name
MAX_NAME_WORDS = 12  # words in one name (with its title) at most


# --------------------------------------------------------------------------
# Candidates


@dataclass(slots=True)
class _Cand:
    """A name found in one sentence, before the article-wide resolution."""

    start: int  # offsets into Article.text
    end: int
    sentence: int
    type: str | None  # None: a capitalised word whose type the article must settle
    entry: GazetteerEntry | None = None
    words: tuple[str, ...] = ()  # folded name words (no connectors)
    surface: str = ""
    title: bool = False  # a title or role word before it: a person, whatever else
    said: bool = False  # "X said": a lone word is a surname unless the article says otherwise
    tentative: bool = False  # typed by a weak cue ("in X", "at X") the article may overrule
    initial: bool = False  # opens the sentence, so its capital says nothing
    weak_person: bool = False  # a one-word gazetteer alias of a person ("Li")
    cited: bool = False  # "according to X": a source, typed ORG only for want of a person named so
    shape_only: bool = False  # typed PERSON for its shape alone: kept only with a given name or a cue elsewhere


@dataclass(slots=True)
class _Cues:
    person_before: bool = False  # a role word or a speech verb just before
    person_after: bool = False  # "X said", "X, who", "X, 52,", "X, a professor"
    according: bool = False  # "according to X"
    org: bool = False  # "at X", "X, a company"
    org_apposition: bool = False
    gpe: bool = False  # "in X", "the town of X", "X, Arizona", "X-based"
    gpe_strong: bool = False  # all but "in/from/near X"
    place: str | None = None  # the type a following place noun gives ("Cordoba province")
    said_before: bool = False  # "said X": a person, unless the article names an organisation so
    person_strong: bool = False  # "X, who", "X, 52,", "X, a professor": only people
    org_after: bool = False  # the noun after names something else: "Tech giant Apple"
    no_type: bool = False  # "the cargo ship X": a name we do not type
    possessive_place: bool = False  # "South Africa's X": one word there is more often a company than a person
    org_at: bool = False  # the organisation cue is a bare "at X", which places also take


@dataclass(slots=True)
class _Unit:
    kind: str  # "G" gazetteer match, "W" capitalised word, "C" connector
    i: int  # token range [i, j)
    j: int
    alias: Alias | None = None
    fold: str = ""  # folded text of a W/C unit


@dataclass(slots=True)
class _Sentence:
    text: str
    base: int
    index: int
    spans: list[tuple[int, int]]
    toks: list[str]
    folds: list[str]
    heading: bool
    out: list[_Cand] = field(default_factory=list)
    acronyms: list[tuple[int, str]] = field(default_factory=list)  # (cand idx, folded short form)
    # "(TurkStat)" after "Turkish Statistical Institute": token start -> (end, cand idx of the long form)
    short_forms: dict[int, tuple[int, int]] = field(default_factory=dict)
    gaz_at: dict[int, tuple[int, Alias]] = field(default_factory=dict)  # token -> (end, alias)
    gaz_last: dict[int, Alias] = field(default_factory=dict)  # last token of a match -> alias


def _is_cap(tok: str) -> bool:
    c = tok[0]
    return c.isupper() and c.isalpha()


def _title_word(folded: str) -> bool:
    """"minister", "Dr.", and hyphenated titles: "Co-CEO", "ex-President"."""
    word = folded.rstrip(".")
    return word in TITLE_HEADS or ("-" in word and word.rsplit("-", 1)[1] in TITLE_HEADS)


def _is_acronym(tok: str) -> bool:
    letters = tok.replace(".", "")
    if "-" in letters:  # "ZANU-PF", "AFL-CIO"
        letters = letters.replace("-", "")
        return 4 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class _Scanner:
    """Finds name candidates in one sentence."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz

    # -- gazetteer --------------------------------------------------------

    def _alias_at(self, s: _Sentence, i: int, blocked: set[int]) -> tuple[int, Alias] | None:
        folds = s.folds
        n = len(folds)
        if i + 1 < n:
            longer = self.gaz.by_first_two.get((folds[i], folds[i + 1]))
            if longer:
                for alias in longer:
                    hit = self._try_alias(s, i, alias, blocked)
                    if hit is not None:
                        return hit
        alias = self.gaz.single.get(folds[i])
        return self._try_alias(s, i, alias, blocked) if alias is not None else None

    def _try_alias(self, s: _Sentence, i: int, alias: Alias, blocked: set[int]) -> tuple[int, Alias] | None:
        folds, toks = s.folds, s.toks
        n = len(toks)
        size = len(alias.folded)
        j = i + size
        if j > n:
            return None
        if size > 2 and tuple(folds[i:j]) != alias.folded:
            return None
        for k in range(size):
            if (i + k) in blocked:
                return None
            rule = alias.case[k]
            if rule == ANY_CASE:
                continue
            tok = toks[i + k]
            if rule == ALL_CAPS:
                if not tok.isupper():
                    return None
            elif not tok[0].isupper():
                return None
        if j < n and self._continues_word(s, j - 1, j):
            return None
        if size == 1:
            if alias.weak and not (i > 0 and folds[i - 1].rstrip(".") in TITLE_HEADS):
                return None
            if self._opens(s, i) and folds[i] in COMMON_WORDS and not (
                alias.entry.type == NORP and j < n and s.toks[j].islower()
            ):
                return None  # ("Western shipowners" opening a sentence is still the group)
        return j, alias

    @staticmethod
    def _continues_word(s: _Sentence, a: int, b: int) -> bool:
        """Token ``b`` is glued to token ``a`` and is a letter-word (not "-")."""
        return s.spans[a][1] == s.spans[b][0] and s.toks[b][0].isalnum() and s.toks[b] not in ("'s", "\u2019s")

    def _gazetteer(self, s: _Sentence, blocked: set[int]) -> dict[int, tuple[int, Alias]]:
        found: dict[int, tuple[int, Alias]] = {}
        folds = s.folds
        starts = self.gaz.first_tokens
        n = len(folds)
        i = 0
        while i < n:
            if folds[i] not in starts or i in blocked:
                i += 1
                continue
            hit = self._alias_at(s, i, blocked)
            if hit is not None:
                j, alias = hit
                if alias.case[0] == ANY_CASE and i + 1 < n:
                    # "the West Bank": prefer a longer name starting one token later.
                    later = self._alias_at(s, i + 1, blocked)
                    if later is not None and later[0] > j:
                        i += 1
                        hit = later
                        j, alias = hit
                found[i] = hit
                i = j
            else:
                i += 1
        return found

    # -- runs of capitalised words ----------------------------------------

    @staticmethod
    def _opens(s: _Sentence, i: int) -> bool:
        """Token ``i`` stands where any word is capitalised."""
        if i == 0:
            return True
        prev = s.toks[i - 1]
        return len(prev) == 1 and prev in OPENING_PUNCT

    def _glued(self, s: _Sentence, a: int) -> bool:
        return a + 1 < len(s.toks) and s.spans[a][1] == s.spans[a + 1][0]

    def _word_unit(self, s: _Sentence, i: int, blocked: set[int], gaz_at: dict) -> int:
        """End of a capitalised-word unit starting at ``i`` (0 if none):
        a word, "J." initials and "Dr." abbreviations, hyphenated names."""
        toks, n = s.toks, len(s.toks)
        tok = toks[i]
        if i in blocked or not tok[0].isalpha():
            return 0
        if not tok[0].isupper():
            # al-Assad, bin-Salman: a lowercase particle glued to a name.
            if (
                s.folds[i] in ATTACHED_PREFIXES and i + 2 < n and s.folds[i + 1] == "-"
                and self._glued(s, i) and self._glued(s, i + 1) and _is_cap(toks[i + 2])
            ):
                return self._word_unit(s, i + 2, blocked, gaz_at) or i + 3
            return 0
        j = i + 1
        # "J." or "Dr." glued to its dot, when a name follows
        if j + 1 < n and toks[j] == "." and self._glued(s, i) and (
            len(tok) == 1 or s.folds[i] in TITLE_ABBREVIATIONS
        ) and _is_cap(toks[j + 1]):
            return j + 1
        # Jean-Pierre, Coca-Cola: glued hyphen between capitalised words
        while (
            j + 1 < n and s.folds[j] == "-" and self._glued(s, j - 1) and self._glued(s, j)
            and _is_cap(toks[j + 1]) and (j + 1) not in gaz_at and (j + 1) not in blocked
        ):
            j += 2
        # "Workers’ Party", "Growers' Welfare Group": a plural possessive inside a name
        if (
            j + 1 < n and toks[j] in ("'", "\u2019") and toks[j - 1][-1] in "sS" and self._glued(s, j - 1)
            and not self._glued(s, j) and _is_cap(toks[j + 1]) and (j + 1) not in blocked
        ):
            return j + 1
        # "St Peter's Square", "Women's World Cup", "King's College": a
        # possessive inside a name that ends in a head word soon after
        if (
            j + 1 < n and s.folds[j] == "'s" and self._glued(s, j - 1) and (j + 1) not in blocked
            and s.folds[j - 1] not in HEAD_TYPES  # ("Stanford University's Hoover Institute" is two)
        ):
            for k in range(j + 1, min(n, j + 4)):
                if not _is_cap(toks[k]) or k in gaz_at:
                    break
                if s.folds[k] in HEAD_TYPES and HEAD_TYPES[s.folds[k]] in (LOC, ORG, EVENT):
                    return j + 1
        return j

    def _runs(self, s: _Sentence, blocked: set[int], gaz_at: dict) -> list[list[_Unit]]:
        runs: list[list[_Unit]] = []
        toks, folds, n = s.toks, s.folds, len(s.toks)
        run: list[_Unit] = []
        i = 0
        while i < n:
            unit: _Unit | None = None
            if i in gaz_at:
                j, alias = gaz_at[i]
                unit = _Unit("G", i, j, alias)
            elif run and toks[i] == "plc" and i not in blocked:
                unit = _Unit("W", i, i + 1, None, "plc")  # "Zenith Energy plc", written in lower case
            elif toks[i][0].isupper() or folds[i] in ATTACHED_PREFIXES:
                j = self._word_unit(s, i, blocked, gaz_at)
                if j:
                    unit = _Unit("W", i, j, None, folds[i] if j == i + 1 else fold(s.text[s.spans[i][0] : s.spans[j - 1][1]]))
            if unit is not None:
                run.append(unit)
                i = unit.j
                # glued hyphen to another name: "Russia-China", "Sino-Russian"
                if i + 1 < n and folds[i] == "-" and self._glued(s, i - 1) and self._glued(s, i) and (
                    (i + 1) in gaz_at or _is_cap(toks[i + 1])
                ) and (i + 1) not in blocked:
                    i += 1
                continue
            # a connector continues a run only when a capitalised word follows
            f = folds[i]
            if run and (f in CONNECTORS) and i not in blocked:
                k = i
                connectors: list[_Unit] = []
                while (
                    k < n and len(connectors) < 2 and folds[k] in CONNECTORS and k not in blocked
                    and k not in gaz_at and not _is_cap(toks[k])
                ):
                    connectors.append(_Unit("C", k, k + 1, None, folds[k]))
                    k += 1
                if connectors and k < n and (k in gaz_at or self._word_unit(s, k, blocked, gaz_at)):
                    if self._connectors_fit(connectors):
                        run.extend(connectors)
                        i = k
                        continue
            if run:
                runs.append(run)
                run = []
            i += 1
        if run:
            runs.append(run)
        return runs

    @staticmethod
    def _connectors_fit(connectors: list[_Unit]) -> bool:
        folds = [c.fold for c in connectors]
        if len(folds) == 1:
            return folds[0] != "the"
        if folds[0] in NAME_PARTICLES and folds[1] in NAME_PARTICLES:
            return True  # von der Leyen
        return folds[0] in ("of", "for", "on", "and", "&") and folds[1] == "the"

    # -- segmentation ------------------------------------------------------

    def _head_type(self, unit: _Unit) -> tuple[bool, str | None]:
        if unit.kind != "W":
            return False, None
        key = unit.fold
        if key in HEAD_TYPES:
            return True, HEAD_TYPES[key]
        return False, None

    def _split_and(self, run: list[_Unit]) -> list[list[_Unit]]:
        """Keep "and" inside a name only where a head word makes it one name:
        "Belt and Road Initiative", "Department of Health and Human Services"."""
        parts: list[list[_Unit]] = [[]]
        for idx, unit in enumerate(run):
            if unit.kind == "C" and unit.fold in ("and", "&"):
                before = parts[-1]
                after: list[_Unit] = []
                for u in run[idx + 1 :]:
                    if u.kind == "C" and u.fold in ("and", "&"):
                        break
                    after.append(u)
                head_before = any(self._head_type(u)[0] for u in before) or bool(
                    before and (
                        (before[0].kind == "W" and before[0].fold in LOC_PREFIXES)
                        or (before[-1].kind == "G" and before[-1].alias is not None
                            and before[-1].alias.entry.type in (ORG, EVENT, LOC))
                    )
                )  # "Salar de Atacama | and the Atacama Desert", "the Tour de France | and Canal Nacional"
                head_after = any(self._head_type(u)[0] for u in after)
                words_after = [u for u in after if u.kind != "C"]
                # "Bavaria and the Po Valley": a known place, then "the" and another name
                place_then_the = (
                    len(before) == 1 and before[0].kind == "G" and before[0].alias is not None
                    and before[0].alias.entry.type in (GPE, LOC) and bool(after) and after[0].kind == "C"
                    and after[0].fold == "the"
                )
                keep = (not place_then_the and head_after and not head_before and len(after) >= 2) or (
                    head_before and not head_after and 0 < len(words_after) <= 3
                    and all(u.kind == "W" for u in words_after)
                    and any(u.kind == "C" and u.fold in ("of", "for", "on") for u in before)
                )
                if keep:
                    before.append(unit)
                else:
                    parts.append([])
                continue
            parts[-1].append(unit)
        return [p for p in parts if p]

    def _split_heads(self, units: list[_Unit]) -> list[list[_Unit]]:
        """Cut after an organisation's head word when a new name follows:
        "Security Council | Sergei Shoigu", "Communist Party | Secretary Li"."""
        parts: list[list[_Unit]] = [[]]
        for idx, unit in enumerate(units):
            parts[-1].append(unit)
            is_head, _ = self._head_type(unit)
            if not is_head or idx + 1 >= len(units):
                continue
            nxt = units[idx + 1]
            if nxt.kind == "C" or len(parts[-1]) == 1:
                continue  # "International Crisis Group": a head word first is a modifier
            if (
                unit.fold in CITY_NAMED_HEADS and idx + 2 == len(units) and nxt.kind == "G"
                and nxt.alias is not None and nxt.alias.entry.type == GPE
            ):
                continue  # "Imperial College London", "University College Dublin": the city is the name's
            if nxt.kind == "W" and (
                self._head_type(nxt)[0] or nxt.fold in ROMAN_NUMERALS
                or nxt.fold in COMMON_WORDS or nxt.fold in ORG_SUFFIXES
            ):
                continue  # "Small Island States": no new name starts with an ordinary word
            parts.append([])
        return [p for p in parts if p]

    def _strip_edges(self, units: list[_Unit]) -> list[_Unit]:
        start, end = 0, len(units)
        while start < end and units[start].kind == "C":
            start += 1
        while end > start and units[end - 1].kind == "C":
            end -= 1
        return units[start:end]

    # -- classification ----------------------------------------------------

    def scan(self, s: _Sentence, blocked: set[int], names: bool, dateline: bool = False) -> None:
        gaz_at = s.gaz_at = self._gazetteer(s, blocked)
        if dateline:
            self._dateline(s, blocked)
        s.gaz_last = {j - 1: alias for j, alias in gaz_at.values()}
        if not names:
            for i, (j, alias) in gaz_at.items():
                self._emit_gaz(s, _Unit("G", i, j, alias), cue=False)
            return
        for run in self._runs(s, blocked, gaz_at):
            self._run(s, run)

    def _dateline(self, s: _Sentence, blocked: set[int]) -> None:
        """"SÃO JOÃO DO ARAGUAIA, Brazil —": capitals opening an article
        before a comma or dash are the place it was filed from."""
        toks, n = s.toks, len(s.toks)
        k = 0
        while k < n and k not in blocked and (
            (toks[k].isalpha() and toks[k].isupper() and len(toks[k]) > 1)
            or (toks[k] == "-" and k > 0 and self._glued(s, k - 1) and self._glued(s, k))
            or (toks[k] == "." and k > 0 and len(toks[k - 1]) <= 3 and self._glued(s, k - 1))
        ):
            k += 1
        if k == 0 or k >= n or toks[k] not in (",", "\u2014", "\u2013", "-", "(", "/"):
            return
        if all(f in COMMON_WORDS for f in s.folds[:k] if f.isalpha()):
            return  # "BREAKING -", "ANALYSIS -"
        if k <= 3 and sum(len(t) for t in toks[:k] if t.isalpha()) <= 6:
            return  # "ZANU-PF, the ruling party": a short acronym, not a place the gazetteer lacks
        known = s.gaz_at.get(0)
        if known is not None and known[0] == k:
            return  # "BRUSSELS, Feb 24": the gazetteer knows it
        for start in [t for t in s.gaz_at if t < k]:
            del s.gaz_at[start]
        self._emit(s, 0, k, GPE, words=tuple(f for f in s.folds[:k] if f != "-"))
        blocked.update(range(k))

    def _run(self, s: _Sentence, run: list[_Unit]) -> None:
        short = s.short_forms.get(run[0].i)
        if short is not None and run[-1].j == short[0]:
            long_form = s.out[short[1]]
            folded = fold(self._text(s, run[0].i, run[-1].j))
            self._emit(s, run[0].i, run[-1].j, long_form.type, words=(folded,))
            s.acronyms.append((short[1], folded))
            return
        if len(run) > MAX_RUN_UNITS:
            # A long stretch of capitalised words is a title-cased line, not
            # a name: only known names count (and the work stays linear).
            for u in run:
                if u.kind == "G":
                    self._emit_gaz(s, u, False)
            return
        for part in self._split_and(run):
            part = self._strip_edges(part)
            if sum(1 for u in part if u.kind != "C") > MAX_NAME_WORDS:
                for u in part:
                    if u.kind == "G":
                        self._emit_gaz(s, u, False)
                continue
            self._titled(s, part, cue=False)

    def _titled(self, s: _Sentence, units: list[_Unit], cue: bool) -> None:
        """Find a title phrase; what precedes it is its own segment, what
        follows is a person's name (or the body the title belongs to)."""
        n = len(units)
        for idx, unit in enumerate(units):
            chief_of_staff = (
                unit.kind == "W" and unit.fold == "chief" and idx + 2 < n and units[idx + 1].fold == "of"
                and units[idx + 2].kind == "W" and units[idx + 2].fold == "staff"
            )
            if not chief_of_staff and (unit.kind != "W" or not _title_word(unit.fold)):
                continue
            # extend over a following "General" (Secretary General) and back over modifiers
            end = idx + 3 if chief_of_staff else idx + 1
            while end < n and units[end].kind == "W" and units[end].fold in ("general", "general-designate"):
                end += 1
            if end == n and idx > 0 and units[idx - 1].kind == "C":
                continue  # "Court of Justice", "Ministry of Justice": the end of a name, no one follows
            begin = idx
            government = unit.fold in GOVERNMENT_TITLES
            while begin > 0 and (
                (units[begin - 1].kind == "W" and (
                    units[begin - 1].fold in TITLE_MODIFIERS or units[begin - 1].fold.rstrip(".") in TITLE_HEADS
                    or (government and units[begin - 1].fold in PORTFOLIO_WORDS)))
                # "Labour Minister": a portfolio the gazetteer knows as a party
                or (government and units[begin - 1].kind == "G" and units[begin - 1].alias is not None
                    and len(units[begin - 1].alias.folded) == 1
                    and units[begin - 1].alias.folded[0] in PORTFOLIO_WORDS)
            ):
                begin -= 1
            rest = units[end:]
            body: list[_Unit] = []
            if rest and rest[0].kind == "C" and rest[0].fold == "of":
                # "Secretary of the Security Council Sergei Shoigu"
                k = 1
                while k < len(rest) and rest[k].kind == "C":
                    k += 1
                comp_start = k
                while k < len(rest):
                    u = rest[k]
                    k += 1
                    if u.kind == "G" or self._head_type(u)[0]:
                        break
                    if u.kind == "W" and u.fold in DEPARTMENT_WORDS:
                        while k < len(rest) and rest[k].kind == "W" and rest[k].fold in DEPARTMENT_WORDS:
                            k += 1
                        break
                else:
                    k = len(rest)
                body = rest[comp_start:k]
                rest = rest[k:]
            # "General Motors": a title before a lone head word is part of a name
            # (only up to an "of": in "Mayor X of the Liberal Party" the party's head is not X's)
            own = rest
            for cut, u in enumerate(rest):
                if u.kind == "C" and u.fold in ("of", "for", "on", "and", "&"):
                    own = rest[:cut]
                    break
            names_after = [u for u in own if u.kind != "C"]
            if not body and names_after and names_after[-1].kind == "W" and (
                self._head_type(names_after[-1])[0] or names_after[-1].fold in ORG_SUFFIXES
            ):
                continue  # "General Motors", "General Intelligence Service": a name, no title
            if begin > 0:
                self._segment(s, self._strip_edges(units[:begin]), cue)
            if body:
                self._segment(s, self._strip_edges(body), False)
            rest = self._strip_edges(rest)
            if rest:
                self._titled(s, rest, cue=True)
            return
        self._segment(s, units, cue)

    def _split_of(self, units: list[_Unit]) -> list[list[_Unit]]:
        """Cut at "of"/"for"/"on" unless a head word owns it ("University of
        Seville", "Institute for Eastern Studies", "Council on Foreign
        Relations"): "Priscila Lapa | of the | Federal University ..."."""
        parts: list[list[_Unit]] = [[]]
        k = 0
        while k < len(units):
            u = units[k]
            if u.kind == "C" and u.fold in ("of", "for", "on") and parts[-1]:
                before = parts[-1][-1]
                last = units[-1]
                jurisdiction = (
                    u.fold in ("of", "for") and k + 2 == len(units) and last.kind == "G" and last.alias is not None
                    and last.alias.entry.type == GPE
                    and any(p.kind == "W" and self._head_type(p)[1] == ORG for p in parts[-1])
                )  # "Court of Appeal for Ontario": the body's jurisdiction ends its name
                owner, owner_type = self._head_type(before)
                if owner and ((u.fold == "on" and owner_type not in (ORG, EVENT)) or before.fold == "week"):
                    owner = False  # "Council on Foreign Relations", but "the Bhakra Dam | on the Sutlej"
                if not (jurisdiction or owner or (
                    before.kind == "W" and (before.fold in LOC_PREFIXES or before.fold in OF_OWNERS))):
                    parts.append([])
                    k += 1
                    while k < len(units) and units[k].kind == "C":
                        k += 1
                    continue
            parts[-1].append(u)
            k += 1
        return [p for p in parts if p]

    def _segment(self, s: _Sentence, units: list[_Unit], title_cue: bool) -> None:
        for part in (p for piece in self._split_of(units) for p in self._split_heads(piece)):
            part = self._strip_edges(part)
            if part:
                self._classify(s, part, title_cue)
            title_cue = False

    def _classify(self, s: _Sentence, units: list[_Unit], title_cue: bool) -> None:
        # Drop sentence openers and ordinary words from the front: "The",
        # "But", and a capitalised common word where every word is capitalised.
        # Mid-sentence, a capitalised "He" is a name ("He Yadong").
        ends_in_head = self._head_type(self._last_word(units))[0]
        while units and units[0].kind == "W" and not self._month_first_name(s, units[0]) and (
            units[0].fold in ARTICLES
            or (units[0].fold in FUNCTION_WORDS and self._opens(s, units[0].i))
            or (len(units) > 1 and not ends_in_head and (
                (self._opens(s, units[0].i) and units[0].fold in COMMON_WORDS)
                or units[0].fold in TITLE_MODIFIERS
            ))
        ):
            title_cue = title_cue or _title_word(units[0].fold)  # "Mayor Telma Rocha ..." opening a sentence
            units = self._strip_edges(units[1:])
        if not units:
            return
        words = [u for u in units if u.kind != "C"]
        # Typed by a head word: the whole span, gazetteer names inside it included.
        head_type, has_head = None, False
        last = self._last_word(units)
        is_head, t = self._head_type(last)
        if not is_head and last.kind == "G" and last.alias is not None and len(words) >= 2:
            known = last.alias.entry.type
            if (
                known == ORG and last.alias.folded[-1] in ORG_HEADS
                and any(u.kind == "W" and u.fold not in TITLE_HEADS for u in words[:-1])
            ):
                is_head, t = True, ORG  # "National Security Council" is not the UN's
            elif known == EVENT and len(units) == len(words) and all(
                (u.kind == "W" and u.fold not in TITLE_HEADS)
                or (u.kind == "G" and u.alias is not None and u.alias.entry.type in (GPE, NORP, LOC))
                for u in words[:-1]
            ):
                is_head, t = True, EVENT  # "Paris Olympics" is one event
        if not is_head and len(words) >= 2 and last.kind == "W" and last.fold in ORG_SUFFIXES:
            is_head, t = True, ORG  # "Qamar Resources", "Polar Mutual"
        if t == ORG and last.fold == "reserve" and len(words) >= 2 and words[-2].kind == "W" and (
            words[-2].fold in NATURE_RESERVES
        ):
            t = LOC  # "Maasai Mara National Reserve" (not the Federal Reserve)
        if not is_head and len(words) >= 2 and any(u.kind == "W" and u.fold in COMPANY_MARKERS for u in words):
            is_head, t = True, ORG  # "Warner Bros Discovery"
        if is_head and len(words) >= 2:
            has_head, head_type = True, t
        else:
            for a, b in zip(units, units[1:]):
                if b.kind == "C" and b.fold in ("of", "for", "on"):
                    is_head, t = self._head_type(a)
                    if is_head:
                        has_head, head_type = True, t
                    break
            if not has_head and words[0].kind == "W" and len(words) >= 2:
                after_first = units[1].fold if units[1].kind == "C" else ""
                if words[0].fold in LOC_PREFIXES or (words[0].fold == "port" and after_first == "of"):
                    has_head, head_type = True, LOC  # "Salar de Atacama", "Port of Durban"
                elif words[0].fold == "tour" and after_first in ("de", "of", "du"):
                    has_head, head_type = True, EVENT  # "Tour de France", "Tour of Flanders"
                elif words[0].fold in EVENT_PREFIXES:
                    has_head, head_type = True, EVENT
                elif words[0].fold in ORG_PREFIXES or (
                    words[0].fold in ORG_HEADS and all(u.kind == "W" and self._name_word(s, u) for u in words[1:])
                ):
                    has_head, head_type = True, ORG  # "Institut Horizon Climat", "VfL Wolfsburg", "Bank Leumi"
        if has_head:
            first = units[0]
            if (
                first.kind == "G" and first.alias is not None and first.alias.entry.type == GPE
                and len(words) >= 2 and head_type != EVENT  # (but "UAE Tour", "US Open" are one event)
                and self._text(s, first.i + (s.folds[first.i] == "the"), first.j).replace(".", "").isupper()
            ):
                # "US Federal Trade Commission": the country is not part of the name
                self._emit_gaz(s, first, False)
                rest = self._strip_edges(units[1:])
                if rest:
                    self._classify(s, rest, title_cue)
                return
            entry = self.gaz.lookup(self._text(s, units[0].i, units[-1].j))
            if len(units) == 1 and units[0].kind == "G":
                self._emit_gaz(s, units[0], title_cue)
            elif entry is not None:
                self._emit(s, units[0].i, units[-1].j, entry.type, entry=entry)
            elif head_type is not None:
                self._emit(s, units[0].i, units[-1].j, head_type, words=self._fold_words(words))
            return
        if all(u.kind != "W" for u in units):
            for u in words:
                self._emit_gaz(s, u, title_cue)
            return
        if any(u.kind == "G" for u in units):
            self._mixed(s, units, title_cue)
            return
        self._unknown(s, units, title_cue)

    @staticmethod
    def _last_word(units: list[_Unit]) -> _Unit:
        """The last word, looking past a numeral ("World War II")."""
        last = units[-1]
        if len(units) > 1 and last.kind == "W" and (last.fold in ROMAN_NUMERALS or last.fold.isdigit()):
            return units[-2]
        return last

    def _mixed(self, s: _Sentence, units: list[_Unit], title_cue: bool) -> None:
        words = [u for u in units if u.kind != "C"]
        gs = [u for u in words if u.kind == "G"]
        has_connector = len(words) != len(units)
        if not has_connector and 2 <= len(words) <= 4 and len(gs) == 1:
            g = gs[0]
            one_token = g.j - g.i == 1
            others = [u for u in words if u.kind == "W"]
            name_like = all(self._name_word(s, u) for u in others)
            cues = self._cues(s, units[0].i, units[-1].j)
            person_cue = title_cue or cues.person_before or cues.person_after
            gtype = g.alias.entry.type if g.alias else None
            if cues.no_type and not person_cue:
                return  # "the cargo ship Baltic Meridian"
            if (
                words[0].kind == "W" and words[0].fold.rstrip(".") in GPE_PREFIXES and gtype in (PERSON, NORP, GPE)
                and not person_cue and all(self._name_word(s, u) for u in others[1:])
            ):
                # "Port Elizabeth", "San Pedro Sula": a saint's or a port's town
                self._emit(s, units[0].i, units[-1].j, GPE, words=self._fold_words(words), tentative=not cues.gpe)
                return
            if (
                len(words) == 2 and g is words[0] and gtype == NORP and name_like and not person_cue
                and (cues.gpe or (units[0].i > 0 and s.folds[units[0].i - 1] == "from" and s.toks[units[0].i - 1].islower()))
            ):
                # "in Thai Binh", "from Lao Cai": a demonym opening a place's name
                self._emit(s, units[0].i, units[-1].j, GPE, words=self._fold_words(words), tentative=not cues.gpe_strong)
                return
            if len(others) == 1 and others[0] is words[0] and others[0].fold in ("upper", "lower") and gtype in (GPE, LOC):
                # "Lower Austria", "Upper Nile": a part of a place with a name of its own
                self._emit(s, units[0].i, units[-1].j, gtype, words=self._fold_words(words))
                return
            if len(others) == 1 and others[0] is words[0] and others[0].fold in PLACE_MODIFIERS and gtype in (GPE, LOC):
                self._emit_gaz(s, g, title_cue)  # "Upstate New York": the place, without the part of it
                return
            if cues.org and not person_cue and one_token and (
                not self._opens(s, units[0].i) or (cues.org_apposition and name_like)
            ):
                # "Athletics Kenya, the national federation"
                self._emit(s, units[0].i, units[-1].j, ORG, words=self._fold_words(words))
                return
            # "Lyric Li", "Elizabeth Warren": a one-word alias of someone else
            # next to unknown name words; "said Jordan Peterson": a place name
            # used as a first name
            if name_like and one_token and (
                (gtype == PERSON and g.alias is not None and len(g.alias.entry.label.split()) > 1)
                or (gtype in (GPE, LOC) and g is words[0] and person_cue)
                # "said Denzel Washington", "Michael Jordan, who": a place name as a surname
                or (gtype in (GPE, LOC) and g is words[-1] and (title_cue or cues.person_before or cues.person_strong))
                # "Santiago Taboada", "Victoria Beckham": a place that is also a given name, before a surname
                or (gtype in (GPE, LOC) and g is words[0] and len(words) == 2 and not cues.gpe
                    and g.alias is not None and g.alias.folded[0] in GIVEN_NAMES
                    and not words[1].fold.endswith("s"))  # (not "Houston Rockets")
            ):
                self._unknown(s, units, title_cue, force_person=True)
                return
            org_like = any(self._name_word(s, u) for u in others) and not any(
                u.fold in FUNCTION_WORDS or u.fold.rstrip(".") in TITLE_HEADS or u.fold in ROLE_WORDS
                or u.fold in PLACE_MODIFIERS for u in others)
            if g is words[-1] and gtype == GPE and others[-1].fold in CITY_NAMED_HEADS and len(words) >= 3:
                # "Imperial College London", "University College Dublin"
                self._emit(s, units[0].i, units[-1].j, ORG, words=self._fold_words(words))
                return
            if (
                org_like and g is words[-1] and gtype in (GPE, LOC)
                and not (title_cue or cues.person_before or cues.person_strong)
                and s.toks[g.i - 1] != "-"  # "Trans-Caspian" is an adjective
            ):
                # "Bayern Munich", "Statistics Canada", "Power Shift Africa": a
                # place at the end of a longer name is part of an organisation's
                # ("in Metro Manila": of a place's)
                kind = GPE if cues.gpe and gtype == GPE else ORG
                self._emit(s, units[0].i, units[-1].j, kind, words=self._fold_words(words))
                return
            if (
                name_like and one_token and g is words[-1] and gtype == ORG and g.alias is not None
                and not s.toks[g.i].isupper() and not self._opens(s, units[0].i)
            ):
                # "Marulan Vale", "Nikola Tesla": a company's one-word name at the
                # end of another name is that name's last word
                self._unknown(s, [u if u.kind != "G" else _Unit("W", u.i, u.j, None, s.folds[u.i]) for u in units],
                              title_cue)
                return
        # Otherwise the known names stand and the unknown words between
        # them are judged on their own.
        cue = title_cue
        pending: list[_Unit] = []
        for u in units + [_Unit("G", -1, -1)]:
            if u.kind == "G":
                pending = self._strip_edges(pending)
                if pending:
                    self._classify(s, pending, cue)
                pending = []
                if u.i >= 0:
                    self._emit_gaz(s, u, cue)
                cue = False
            else:
                pending.append(u)

    def _month_first_name(self, s: _Sentence, u: _Unit) -> bool:
        """"Jan Wieczorek", "June Lee": a month that is a first name, before a surname."""
        k = u.j
        return (
            u.kind == "W" and u.fold in NAME_MONTHS and k < len(s.toks) and _is_cap(s.toks[k])
            and s.toks[k].isalpha() and s.folds[k] not in COMMON_WORDS and k not in s.gaz_at
        )

    def _name_word(self, s: _Sentence, u: _Unit) -> bool:
        if u.kind != "W":
            return False
        f = u.fold
        if self._month_first_name(s, u):
            return True
        if f in FUNCTION_WORDS and f not in ARTICLES and len(f) > 1 and not self._opens(s, u.i):
            pass  # capitalised mid-sentence, "He" is a name ("He Yadong")
        elif f in COMMON_WORDS or f in HEAD_TYPES or _title_word(f):
            return False
        tok = s.text[s.spans[u.i][0] : s.spans[u.j - 1][1]]
        if u.j - u.i == 2 and tok.endswith(".") and len(tok) == 2:
            return True  # an initial
        letters = tok.translate(_NAME_PUNCT)
        if not letters.isalpha():
            return False
        if len(f) > 5 and f.endswith(NOT_NAME_SUFFIXES):
            return False  # "Artificial Intelligence", "National Development" are words
        if len(letters) > 1 and letters.isupper():
            return "." in tok and len(letters) <= 3  # "J.K." initials, not an acronym
        return True

    def _unknown(self, s: _Sentence, units: list[_Unit], title_cue: bool, force_person: bool = False) -> None:
        """A span of capitalised words no gazetteer knows: type it by cues
        and shape, or leave a lone word for the article to settle."""
        words = [u for u in units if u.kind != "C"]
        connectors = [u for u in units if u.kind == "C"]
        if connectors and not force_person and not all(u.fold in NAME_PARTICLES for u in connectors):
            # "Faith Kiprop of Kenya": no head word makes this one name
            part: list[_Unit] = []
            for u in units + [_Unit("C", -1, -1, None, "of")]:
                if u.kind == "C" and u.fold not in NAME_PARTICLES:
                    if part:
                        self._unknown(s, self._strip_edges(part), title_cue)
                    part, title_cue = [], False
                else:
                    part.append(u)
            return
        start_tok, end_tok = units[0].i, units[-1].j
        cues = self._cues(s, start_tok, end_tok)
        if cues.no_type and not (force_person or title_cue):
            return
        person_before = title_cue or cues.person_before
        initial = self._opens(s, start_tok)
        folded = self._fold_words(words)

        def emit(type_: str | None, *, title: bool = False, said: bool = False, tentative: bool = False,
                 cited: bool = False, shape_only: bool = False) -> None:
            self._emit(s, start_tok, end_tok, type_, words=folded, title=title, said=said,
                       tentative=tentative, initial=initial, cited=cited, shape_only=shape_only)

        if len(words) == 1:
            u = words[0]
            tok = s.toks[u.i] if u.j == u.i + 1 else self._text(s, u.i, u.j)
            if u.fold in COMMON_WORDS and not (title_cue and not initial):
                return
            if u.fold in HEAD_TYPES or u.fold.rstrip(".") in TITLE_HEADS:
                if not initial and (u.fold in ORG_HEADS or u.fold in EVENT_HEADS):
                    emit(None)  # "the Commission", "the Indaba": the article may name it in full
                return
            if _is_acronym(tok):
                if u.fold in ACRONYM_STOP or self._shouting(s):
                    return
                self._emit(s, start_tok, end_tok, ORG, words=folded, initial=initial)
                return
            if _COP_RE.fullmatch(tok):
                emit(EVENT)  # "COP16": the 16th UN conference of the parties (climate or biodiversity)
                return
            if not self._name_word(s, u):
                return
            if force_person or title_cue or (person_before and not cues.said_before):
                emit(PERSON, title=True)
            elif cues.said_before:
                emit(PERSON, said=True)  # "said Corvane": a person unless the article names a company so
            elif cues.place is not None:
                if cues.place:
                    emit(cues.place)
            elif cues.possessive_place:
                # "South Africa's Transnet", "Japan's Toyota": its leaders the
                # gazetteer knows; a company is named by one word, a person by two
                emit(ORG)
            elif cues.org and initial and cues.org_after:
                emit(None)  # "Tech giant Apple", "Veteran broadcaster X": an opener may be a plain adjective
            elif cues.org:
                emit(ORG, tentative=not cues.org_apposition)
            elif cues.gpe:
                emit(GPE, tentative=not cues.gpe_strong)
            elif cues.according:
                # "according to Eurostat": a lone word cited as a source is
                # an organisation unless it is the surname of someone named
                emit(ORG, tentative=True, cited=True)
            elif cues.person_after:
                emit(None, said=True)  # "Northwind said": a surname, unless the article says otherwise
            else:
                emit(None)
            return
        name_shaped = 2 <= len(words) <= 4 and all(self._name_word(s, u) or u.kind == "G" for u in words)
        if force_person or (name_shaped and person_before):
            emit(PERSON, title=True)
        elif cues.place is not None:
            if cues.place and (name_shaped or not initial):
                emit(cues.place)
        elif words[0].kind == "W" and words[0].fold.rstrip(".") in GPE_PREFIXES and (
            cues.org_at or not (cues.org or cues.person_after)
        ):
            emit(GPE, tentative=not cues.gpe)  # "San Cristobal", "Puerto Montt", "Fort McMurray": a town
        elif cues.org and (name_shaped or cues.org_apposition) and (not cues.person_after or cues.org_apposition):
            emit(ORG)
        elif not name_shaped:
            if (
                len(words) >= 2 and words[0].kind == "W" and words[0].fold in DIRECTION_WORDS
                and all(self._name_word(s, u) for u in words[1:]) and not initial
            ):
                emit(LOC)  # "the Southern Tablelands": a region
            return
        elif cues.gpe and not cues.person_after:
            emit(GPE)
        else:
            # by its shape alone ("X retained his title": a person's pronoun just after says more)
            shape_only = not cues.person_after and not self._pronoun_follows(s, end_tok)
            emit(PERSON, said=cues.person_after, tentative=not cues.person_after, shape_only=shape_only)

    # -- cues -------------------------------------------------------------

    def _cues(self, s: _Sentence, i: int, j: int) -> _Cues:
        """What the words around tokens [i, j) say about the name there."""
        cues = _Cues()
        folds, toks, n = s.folds, s.toks, len(s.toks)
        if i > 0:
            prev, prev_tok = folds[i - 1], toks[i - 1]
            lower = prev_tok.islower() or (i - 1 == 0 or self._opens(s, i - 1))
            if prev in ROLE_WORDS and prev_tok.islower():
                cues.person_before = True  # "leader Xi Jinping", "scientist Ian Bremmer"
            elif prev in SAY_VERBS and prev_tok.islower() and not self._role_follows(s, j):
                cues.person_before = cues.said_before = True  # "said Ryan Hass" (not "said Bayern sporting director ...")
            elif prev in ORG_BEFORE and prev_tok.islower():
                cues.org = cues.org_apposition = True  # "farm lobby Copa-Cogeca", "think tank X"
            elif prev_tok.isalpha() and prev_tok.islower() and i > 1 and folds[i - 2] in KIN_OWNERS and (
                prev not in FUNCTION_WORDS and prev not in VESSEL_BEFORE
            ):
                cues.person_before = True  # "his rival X", "her husband X", "their lawyer X"
            elif prev_tok.islower() and (prev in VESSEL_BEFORE or (prev == "carrier" and folds[i - 2] == "aircraft")):
                cues.no_type = True  # "the cargo ship Nordvik Pioneer"
            elif prev in ("based", "headquartered", "registered") and i > 1 and folds[i - 2] == "-":
                cues.org = cues.org_apposition = True  # "Abu Dhabi-based Qamar Resources"
            elif prev == "'s" and i > 1 and (i - 2) in s.gaz_last and s.gaz_last[i - 2].entry.type == GPE:
                cues.possessive_place = True  # "South Africa's Transnet"
            elif prev == "to" and i > 1 and folds[i - 2] == "according":
                cues.according = True
            elif prev in GPE_BEFORE_WORDS and lower and (j - i == 1 or prev != "from"):
                cues.gpe = True  # "in Cordoba", "from Taipei" (but "from Borussia Dortmund")
            elif prev == "at" and prev_tok.islower():
                cues.org = cues.org_at = True  # "analysts at Morgan Stanley" (or "a dam at Stronie")
                # "analysts at Wood Mackenzie said": the saying is the analysts'
                cues.org_apposition = i > 1 and folds[i - 2] in PEOPLE_AT_AN_ORG
            elif (prev in ("including", "like") or (prev == "as" and i > 1 and folds[i - 2] == "such")) and (
                prev_tok.islower() and i - 2 - (prev == "as") >= 0 and folds[i - 2 - (prev == "as")] in ORG_PLURALS
            ):
                cues.org = cues.org_apposition = True  # "insurers including Allianz", "banks such as HSBC"
            elif prev == "of" and i > 1 and folds[i - 2] in PLACE_NOUNS:
                cues.gpe = cues.gpe_strong = True  # "the town of Baena"
            elif prev == "of" and i > 1 and folds[i - 2] in PEOPLE_OF_A_PLACE:
                cues.gpe = cues.gpe_strong = True  # "residents of Mwembeshi", "the mayor of Gdansk"
            elif prev == "of" and i > 1 and folds[i - 2] in PEOPLE_OF_AN_ORG:
                cues.org = True  # "founder of Apache Stronghold", "shareholders of X"
            elif prev == "," and i > 1 and j - i == 1 and self._place_before_comma(s, i - 2):
                cues.gpe = cues.gpe_strong = True  # "Phoenix, Arizona"
            elif prev == "," and self._role_before_comma(s, i - 1):
                cues.person_before = True  # "The mayor of Gdansk, Ana Kovač, said"
        k = j
        # "Lee and Wu reported": look past a coordinated name for the verb
        hops = 0
        while k + 1 < n and folds[k] == "and" and _is_cap(toks[k + 1]) and hops < 2:
            k += 2
            hops += 1
            while k < n and _is_cap(toks[k]) and k < j + 12:
                k += 1
        if k < n:
            nxt, nxt_tok = folds[k], toks[k]
            if nxt in SAY_VERBS or nxt in ("reported", "reports"):
                cues.person_after = True
            elif nxt_tok.islower() and nxt in PERSON_AFTER_WORDS:
                cues.person_before = True  # "the Biden administration"
            elif nxt_tok.islower() and nxt in PLACE_AFTER:
                cues.place = PLACE_AFTER[nxt]  # "Cordoba province", "the La Brena reservoir"
            elif nxt_tok.islower() and nxt in ORG_NOUNS:
                if k + 1 < n and folds[k + 1] in AREA_NOUNS:
                    cues.place = GPE  # "the Upper Lachlan council area"
                else:
                    cues.org = cues.org_apposition = True  # "Kicker magazine", "the Wagner group"
                    # "Tech giant Apple", "Veteran broadcaster David ...": the noun has a name of its own
                    cues.org_after = k + 1 < n and _is_cap(toks[k + 1])
            elif nxt_tok.islower() and nxt in PLACE_ROLES:
                cues.gpe = cues.gpe_strong = True  # "Goulburn mayor Sam Hill"
            elif (
                nxt_tok.isalpha() and nxt_tok.islower() and k + 1 < n and folds[k + 1] in FACILITY_AFTER
                and toks[k + 1].islower() and nxt not in FUNCTION_WORDS
            ):
                cues.place = LOC  # "the Mwembeshi copper mine"
            elif self._role_follows(s, j) and not cues.person_before:
                cues.org = True  # "Dortmund chief executive Lars Ricken": an employer, not a person
            elif nxt == "-" and k + 1 < n and folds[k + 1] in ("based", "born", "headquartered"):
                cues.gpe = cues.gpe_strong = True  # "Shanghai-based"
            elif nxt == "," and k + 1 < n:
                after = folds[k + 1]
                if after == "who" or after in SPEAKING_WORDS:
                    cues.person_after = cues.person_strong = True  # "X, who ...", "X, speaking for ..."
                elif after.isdigit() and k + 2 < n and folds[k + 2] == ",":
                    cues.person_after = cues.person_strong = True  # "Ana Kovač, 52, said"
                elif k + 1 in s.gaz_at and s.gaz_at[k + 1][1].entry.type in (GPE, LOC) and not cues.person_before:
                    place_end = s.gaz_at[k + 1][0]
                    if place_end < n and folds[place_end] == "'s":
                        if self._role_within(s, place_end + 1, 4):
                            cues.person_after = cues.person_strong = True  # "X, Brazil's climate secretary"
                    else:
                        cues.gpe = cues.gpe_strong = True  # "Phoenix, Arizona"
                else:
                    role = self._apposition(s, k)
                    if role == PERSON:
                        cues.person_after = cues.person_strong = True
                    elif role == ORG:
                        cues.org = cues.org_apposition = True
                    elif role == GPE:
                        cues.gpe = cues.gpe_strong = True
        if cues.according and not (cues.org or cues.gpe):
            cues.person_after = True
        return cues

    @staticmethod
    def _pronoun_follows(s: _Sentence, j: int) -> bool:
        """"X retained his title", "X, 31, said she": a verb after the name and
        a personal pronoun within the next few words."""
        toks, folds = s.toks, s.folds
        if j >= len(toks) or not (toks[j].isalpha() and toks[j].islower()) or folds[j] in FUNCTION_WORDS:
            return False
        return any(f in PERSONAL_PRONOUNS for f in folds[j + 1 : j + 4])

    @staticmethod
    def _role_within(s: _Sentence, k: int, width: int) -> bool:
        """A lower-case role word among the next ``width`` tokens from ``k``."""
        for m in range(k, min(len(s.toks), k + width)):
            if not s.toks[m].islower():
                return False
            if s.folds[m] in ROLE_WORDS:
                return True
        return False

    def _role_follows(self, s: _Sentence, j: int) -> bool:
        """A lower-case role (one or two words) follows: "Bayern coach ..."."""
        toks, folds, n = s.toks, s.folds, len(s.toks)
        for k in (j, j + 1):
            if k >= n or not toks[k].islower():
                return False
            if folds[k] in ROLE_WORDS and k + 1 < n and _is_cap(toks[k + 1]):
                return True
        return False

    def _role_before_comma(self, s: _Sentence, comma: int) -> bool:
        """"the mayor of Gdansk, X" / "Her colleague, X": a role just before."""
        folds, toks = s.folds, s.toks
        for k in range(comma - 1, max(-1, comma - 7), -1):
            f = folds[k]
            if f in (",", ".", ";", ":", "(", ")"):
                return False
            if f in ROLE_WORDS and toks[k].islower():
                # "India's delegate, X", "the firm's head of research, X"
                return k > 0 and folds[k - 1] in ("the", "a", "an", "her", "his", "its", "their", "our", "'s")
        return False

    def _place_before_comma(self, s: _Sentence, k: int) -> bool:
        """Token ``k`` ends a place name: a gazetteer GPE, or "in Phoenix"."""
        alias = s.gaz_last.get(k)
        if alias is not None:
            return alias.entry.type == GPE
        return _is_cap(s.toks[k]) and k > 0 and s.folds[k - 1] in GPE_BEFORE_WORDS and s.toks[k - 1].islower()

    def _apposition(self, s: _Sentence, comma: int) -> str | None:
        """The type ", a/an/the [...] professor|company" after a name says."""
        folds, n = s.folds, len(s.folds)
        # "X, head of Coldiretti,", "X, chief executive of Y": a role and its employer
        k = comma + 1
        while k < n and k < comma + 4 and s.toks[k].islower() and (folds[k] in ROLE_WORDS or folds[k] in TITLE_MODIFIERS):
            k += 1
        if k > comma + 1 and k < n and folds[k] in ("of", "at", "for") and folds[k - 1] in ROLE_WORDS:
            return PERSON
        if not (comma + 1 < n and folds[comma + 1] in ("a", "an", "the", "now", "formerly", "its", "his", "her")):
            return None
        for k in range(comma + 2, min(n, comma + 9)):
            f = folds[k]
            if f in (",", ".", ";", ":", "(", "which", "that", "who", "whose"):
                return None
            if f in ROLE_WORDS or (f.endswith("s") and f[:-1] in ROLE_WORDS):
                return PERSON
            if f in ORG_NOUNS:
                return ORG
            if f in APPOSITION_PLACES:
                if k + 1 < n and folds[k + 1] in ROLE_WORDS:
                    return PERSON  # "a city councillor", "a community leader"
                if k + 1 < n and folds[k + 1] in ORG_NOUNS:
                    return None  # "a town council"
                return GPE  # "Mwembeshi, a farming settlement"
        return None

    def _shouting(self, s: _Sentence) -> bool:
        letters = [t for t in s.toks if t[0].isalpha()]
        caps = sum(1 for t in letters if t.isupper())
        return len(letters) >= 3 and caps * 2 > len(letters)

    # -- output -----------------------------------------------------------

    def _text(self, s: _Sentence, i: int, j: int) -> str:
        return s.text[s.spans[i][0] : s.spans[j - 1][1]]

    def _fold_words(self, units: Sequence[_Unit]) -> tuple[str, ...]:
        out: list[str] = []
        for u in units:
            if u.kind == "C":
                continue
            out.extend(u.fold.split()) if u.kind == "W" else out.extend(
                u.alias.folded if u.alias else ()
            )
        return tuple(w for w in out if w not in ("-", "."))

    def _emit_gaz(self, s: _Sentence, unit: _Unit, cue: bool) -> None:
        alias = unit.alias
        assert alias is not None
        entry = alias.entry
        i, j = unit.i, unit.j
        # "the West" keeps its article; "the Kremlin" is the Kremlin
        if alias.folded[0] == "the" and j - i > 1 and not entry.label.lower().startswith("the "):
            i += 1
        if entry.type == ORG and j - i >= 2 and s.toks[i].isupper() and len(s.toks[i]) <= 4:
            country = self.gaz.single.get(s.folds[i])
            if country is not None and country.entry.type == GPE:
                # "US Treasury", "UK Parliament": the country before an agency is its own name
                self._emit(s, i, i + 1, GPE, entry=country.entry, words=country.folded)
                i += 1
        if entry.type == GPE and self._crossing_follows(s, j):
            # "the Rafah crossing": a facility named after the place
            self._emit(s, i, j, LOC, words=alias.folded)
            return
        weak_person = entry.type == PERSON and j - i == 1 and len(entry.label.split()) > 1
        self._emit(s, i, j, entry.type, entry=entry, words=alias.folded, weak_person=weak_person, title=cue)

    @staticmethod
    def _crossing_follows(s: _Sentence, j: int) -> bool:
        """A border crossing noun follows, maybe after "and Kerem Shalom"."""
        folds, toks, n = s.folds, s.toks, len(s.toks)
        k = j
        if k + 1 < n and folds[k] == "and" and _is_cap(toks[k + 1]):
            k += 1
            while k < n and k < j + 6 and _is_cap(toks[k]):
                k += 1
        return k < n and folds[k] in ("crossing", "crossings") and toks[k].islower()

    def _emit(self, s: _Sentence, i: int, j: int, type_: str | None, *, entry: GazetteerEntry | None = None,
              words: tuple[str, ...] = (), title: bool = False, said: bool = False,
              tentative: bool = False, initial: bool = False, weak_person: bool = False,
              cited: bool = False, shape_only: bool = False) -> None:
        start, end = s.spans[i][0], s.spans[j - 1][1]
        if entry is None and s.folds[i] == "the" and j - i > 1:
            start = s.spans[i + 1][0]
        if (
            j + 1 < len(s.toks) and s.toks[j] == "." and s.spans[j][0] == end
            and ((type_ == ORG and s.folds[j - 1] in ABBREVIATED_SUFFIXES)
                 or (type_ == PERSON and s.folds[j - 1] in NAME_SUFFIXES))
        ):
            end = s.spans[j][1]  # "Halvorsen Foods Ltd. to pay": the dot is the name's (not at a sentence end)
        s.out.append(_Cand(
            s.base + start, s.base + end, s.index, type_, entry, words, s.text[start:end],
            title, said, tentative, initial, weak_person, cited, shape_only,
        ))
        # "the Shanghai Cooperation Organisation (SCO)": remember the acronym
        n = len(s.toks)
        if entry is None and type_ in (ORG, EVENT, GPE, LOC) and j + 2 < n and s.toks[j] == "(" and s.toks[j + 2] == ")":
            acr = s.toks[j + 1]
            if _is_acronym(acr) and (j + 1) not in s.gaz_at:
                s.acronyms.append((len(s.out) - 1, s.folds[j + 1]))
                return
        if type_ in (ORG, EVENT) and j + 2 < n and s.toks[j] == "(":
            # "Japanese Trade Union Confederation (Rengo)", "(TurkStat)", "(ZCCM-IH)":
            # one short name in parentheses after an organisation is its short form
            k = j + 1
            while k < n and k < j + 5 and s.toks[k] != ")" and (k == j + 1 or s.spans[k][0] == s.spans[k - 1][1]):
                k += 1
            if k < n and s.toks[k] == ")" and k > j + 1 and _is_cap(s.toks[j + 1]):
                known = s.gaz_at.get(j + 1)
                if known is None or known[0] < k:
                    s.short_forms[j + 1] = (k, len(s.out) - 1)


# --------------------------------------------------------------------------
# Quantities (summit_tui.nlp.quantities, written alongside; optional until it lands)


@functools.lru_cache(maxsize=1)
def _quantity_finder() -> tuple[Callable[..., list[Any]], Callable[[str], tuple[str, ...]]] | None:
    try:
        from summit_tui.nlp.quantities import countries_for_currency, find_quantities
    except ModuleNotFoundError as exc:
        if exc.name != "summit_tui.nlp.quantities":
            raise
        return None
    return find_quantities, countries_for_currency


# --------------------------------------------------------------------------
# The article


def _units_text(article: Article) -> list[tuple[int, int, int, bool]]:
    """(start, end, sentence index or -1, is heading) for every piece of text
    that can hold names: sentences, and headings (which hold no sentences)."""
    pieces = [(s.start, s.end, s.index, False) for s in article.sentences]
    for p in article.paragraphs:
        if p.heading:
            pieces.append((p.start, p.end, -1, True))
    pieces.sort()
    return pieces


def _title_case(toks: list[str], folds: list[str]) -> bool:
    words = [t for t, f in zip(toks, folds) if t[0].isalpha() and f not in SMALL_WORDS]
    if len(words) < 3:
        return False
    return sum(1 for t in words if t[0].isupper()) >= _TITLE_CASE_SHARE * len(words)


def extract_mentions(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Mention, ...]:
    """Every name and quantity in ``article``: sorted by start, no overlaps,
    offsets into ``article.text``; ``sentence`` is -1 in headings."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    finder = _quantity_finder()
    text = article.text
    # The countries the article names settle "pesos", "crowns", "Rs" in
    # sentences that name none themselves.
    countries = finder[1](text) if finder is not None else ()
    scanner = _Scanner(gaz)
    sentences: list[_Sentence] = []
    quantities: list[Mention] = []
    dateline = True  # the first piece of body text may open with one
    for start, end, index, heading in _units_text(article):
        piece = text[start:end]
        spans = tokenize(piece)
        if not spans:
            continue
        toks = [piece[a:b] for a, b in spans]
        s = _Sentence(piece, start, index, spans, toks, [fold(t) for t in toks], heading)
        blocked: set[int] = set()
        if finder is not None:
            for q in finder[0](piece, published=article.published, countries=countries):
                quantities.append(Mention(
                    article.id, start + q.start, start + q.end, q.quantity.kind, q.key, q.label,
                    text[start + q.start : start + q.end], index, q.quantity,
                ))
                for t, (a, b) in enumerate(spans):
                    if a < q.end and b > q.start:
                        blocked.add(t)
        names = not (heading and _title_case(toks, s.folds)) and not scanner._shouting(s)
        scanner.scan(s, blocked, names, dateline=dateline and not heading)
        dateline = dateline and heading
        sentences.append(s)
    names = _resolve(article, sentences, gaz)
    quantities, names = _years_in_event_names(text, quantities, names, gaz)
    return _merge(quantities, names)


# --------------------------------------------------------------------------
# Resolution across one article


@dataclass(slots=True)
class _Identity:
    type: str
    entry: GazetteerEntry | None
    label: str = ""
    key: str = ""


def _resolve(article: Article, sentences: list[_Sentence], gaz: Gazetteer) -> list[Mention]:
    cands: list[_Cand] = [c for s in sentences for c in s.out]
    ident: list[_Identity | None] = [None] * len(cands)
    offsets = {id(c): n for n, c in enumerate(cands)}

    # 1. Gazetteer names, and unknown names a gazetteer alias spells.
    for n, c in enumerate(cands):
        if c.entry is None and c.type is not None:
            entry = gaz.lookup(c.surface)
            if entry is not None and (entry.type == c.type or c.type == PERSON):
                c.entry = entry
                c.type = entry.type
        if c.entry is not None:
            ident[n] = _Identity(c.entry.type, c.entry)

    _drop_unlikely_people(article.text, cands, gaz)
    _share_types(article.text, sentences, cands)

    # A name typed a person by its shape alone is an organisation when the
    # article uses its last word as one ("Borussia Dortmund" ... "Dortmund
    # chief executive Lars Ricken") and never as a person.
    word_cues: dict[str, set[str]] = {}
    for c in cands:
        if len(c.words) == 1 and c.entry is None:
            if c.said or c.title:
                word_cues.setdefault(c.words[0], set()).add(PERSON)
            elif c.type == ORG and not c.cited:
                word_cues.setdefault(c.words[0], set()).add(ORG)
    for c in cands:
        if c.cited and PERSON in word_cues.get(c.words[0], ()):
            c.type, c.tentative, c.said = None, False, True  # "according to Okafor" ... "Okafor said"
    for c in cands:
        if c.type == PERSON and c.tentative and c.entry is None and len(c.words) >= 2:
            if word_cues.get(c.words[-1]) == {ORG}:
                c.type = ORG

    # 2. Full names of people (two words or more) by first and last word.
    people: dict[str, dict[int, None]] = {}  # word -> candidate indexes of distinct identities
    identity_of_name: dict[tuple[str, ...], int] = {}
    for n, c in enumerate(cands):
        if c.type != PERSON or c.weak_person:
            continue
        words = c.entry.label.split() if c.entry is not None else None
        name = tuple(fold(w) for w in words) if words else c.words
        if len(name) < 2:
            continue
        owner = identity_of_name.setdefault(name, n)
        if ident[owner] is None:
            ident[owner] = _Identity(PERSON, None)
        for word in (name[0], name[-1]):
            people.setdefault(word, {})[owner] = None

    def person_for(word: str) -> int | None:
        owners = people.get(word)
        if not owners or len(owners) != 1:
            return None
        return next(iter(owners))

    # 3. Unknown full names join the identity of the same name.
    for n, c in enumerate(cands):
        if c.type == PERSON and c.entry is None and len(c.words) >= 2:
            owner = identity_of_name.get(c.words)
            if owner is not None and ident[owner] is not None:
                ident[n] = ident[owner]

    # Organisations by first word ("Brookings" -> "Brookings Institution")
    # and by head word ("the Commission" -> "European Commission").
    orgs: dict[str, dict[int, None]] = {}
    for n, c in enumerate(cands):
        if c.type == ORG and len(c.words) >= 2 and (c.entry is None or len(c.entry.label.split()) >= 2):
            # (a known club or company counts too: "Borussia Dortmund" ... "Dortmund coach X")
            if ident[n] is None:
                ident[n] = _Identity(ORG, None)
            orgs.setdefault(c.words[0], {})[n] = None
            if c.words[-1] in ORG_HEADS or not any(w in HEAD_TYPES for w in c.words):
                # "Dortmund" for "Borussia Dortmund", but not "Farmers" for
                # the "Association of Young Farmers"
                orgs.setdefault(c.words[-1], {})[n] = None

    def org_for(word: str) -> int | None:
        owners = orgs.get(word)
        if not owners:
            return None
        labels = {cands[o].entry.key if cands[o].entry is not None else cands[o].words for o in owners}
        return next(iter(owners)) if len(labels) == 1 else None

    # "the Commission", "the Indaba": a head word alone is the one organisation
    # or event of the article whose name ends with it.
    named_by_head: dict[str, dict[int, None]] = {}
    for n, c in enumerate(cands):
        if c.type in (ORG, EVENT) and len(c.words) >= 2 and c.words[-1] in HEAD_TYPES:
            if ident[n] is None:
                ident[n] = _Identity(c.type, None)
            named_by_head.setdefault(c.words[-1], {})[n] = None

    def named_for(word: str) -> int | None:
        owners = named_by_head.get(word)
        if not owners:
            return None
        keys = {cands[o].entry.key if cands[o].entry is not None else cands[o].words for o in owners}
        return next(iter(owners)) if len(keys) == 1 else None

    # Acronyms defined in parentheses.
    acronyms: dict[str, int] = {}
    for s in sentences:
        for cand_idx, short_form in s.acronyms:
            n = offsets[id(s.out[cand_idx])]
            if ident[n] is None:
                ident[n] = _Identity(cands[n].type or ORG, None)
            acronyms.setdefault(short_form, n)

    # 4. One-word names: a surname, an acronym, a first word of an organisation,
    # else the type the cues around it gave.
    typed_words: dict[str, int] = {}
    sure_types: dict[str, str] = {}  # one word typed by a strong cue somewhere in the article
    for c in cands:
        if len(c.words) == 1 and c.entry is None and c.type is not None and not c.tentative:
            sure_types.setdefault(c.words[0], c.type)
    named_in_full = {c.entry.key for c in cands if c.entry is not None and not c.weak_person}
    for n, c in enumerate(cands):
        if len(c.words) != 1:
            if ident[n] is None and c.type is not None:
                ident[n] = _Identity(c.type, None)
            continue
        word = c.words[0]
        if c.weak_person:
            # "Li" is Li Qiang unless the article names another Li in full
            # (and no title says which: "Queen Elizabeth").
            owner = None if c.title else person_for(word)
            if owner is not None and cands[owner].entry is not c.entry and c.entry.key not in named_in_full:
                ident[n] = ident[owner]
                c.type = PERSON
            continue
        if c.entry is not None:
            continue
        open_to_change = c.type is None or c.tentative
        owner = person_for(word) if open_to_change or c.type == PERSON else None
        if owner is not None and ident[owner] is not None:
            ident[n] = ident[owner]
            c.type = PERSON
            continue
        if word in acronyms and (c.surface.isupper() or not c.surface.islower()) and c.words[0] == word:
            ident[n] = ident[acronyms[word]]
            c.type = ident[n].type if ident[n] else c.type
            continue
        if open_to_change and sure_types.get(word, PERSON) != PERSON:
            c.type, c.tentative = sure_types[word], False
            open_to_change = False
        org = org_for(word) if open_to_change or (c.type == PERSON and not c.title) else None
        if org is not None and ident[org] is not None:
            ident[n] = ident[org]
            c.type = ORG
            continue
        if c.type is None and word in HEAD_TYPES:
            named = named_for(word)
            if named is not None:
                ident[n] = ident[named]
                c.type = ident[n].type
            continue
        if c.type is None and c.said and not (c.initial and (
            (word.endswith("s") and not word.endswith("ss")) or (word.endswith("ing") and len(word) >= 6)
        )):
            # "Kovač said" with no full name around: still a person (but not
            # "Prices continued", "Fighting continued" opening a sentence)
            c.type = PERSON
        if c.type is not None and not (c.initial and not (c.said or c.title) and c.type != ORG):
            ident[n] = _Identity(c.type, None)
            typed_words.setdefault(word, n)
    # 5. A word left untyped takes the type it has elsewhere in the article.
    for n, c in enumerate(cands):
        if ident[n] is None and len(c.words) == 1 and c.words[0] in typed_words:
            ident[n] = ident[typed_words[c.words[0]]]
            c.type = ident[n].type

    # 6. Labels: the gazetteer's name, or the longest form the article uses.
    members: dict[int, list[int]] = {}
    for n, idn in enumerate(ident):
        if idn is not None:
            members.setdefault(id(idn), []).append(n)
    mentions: list[Mention] = []
    for group in members.values():
        idn = ident[group[0]]
        assert idn is not None
        if idn.entry is not None:
            idn.label, idn.key = idn.entry.label, idn.entry.key
        else:
            forms = [normalise_label(idn.type, cands[n].surface) for n in group]
            idn.label = max(forms, key=lambda f: (len(f.split()), len(f)))
            idn.key = entity_key(idn.type, idn.label)
        for n in group:
            c = cands[n]
            start, end = _trim_span(article.text, c.start, c.end, c.entry)
            if start >= end:
                continue
            mentions.append(Mention(
                article.id, start, end, idn.type, idn.key, idn.label, article.text[start:end], c.sentence,
            ))
    return mentions


@functools.lru_cache(maxsize=8)
def _person_name_words(gaz: Gazetteer) -> tuple[frozenset[str], frozenset[str]]:
    """(first words, last words) of people's names: GIVEN_NAMES and
    FAMILY_NAMES, and the first and last words of the gazetteer's people."""
    people = [e.label.split() for e in gaz.entries.values() if e.type == PERSON]
    firsts = frozenset(fold(words[0]) for words in people if len(words) > 1)
    lasts = frozenset(fold(words[-1]) for words in people if len(words) > 1)
    return GIVEN_NAMES | firsts, FAMILY_NAMES | lasts | firsts


def _drop_unlikely_people(text: str, cands: list[_Cand], gaz: Gazetteer) -> None:
    """A name typed PERSON for its shape alone stays one when it opens with a
    given name or the article cues one of its words as a person's elsewhere
    ("Tangen said", "chief executive Nicolai Tangen"); otherwise its type is
    left open for a list or a cue elsewhere to settle ("Mato Grosso do Sul",
    "Copa Libertadores" are no one)."""
    if not any(c.shape_only for c in cands):
        return
    person_words: set[str] = set()
    for c in cands:
        if (c.type == PERSON and not c.shape_only) or (len(c.words) == 1 and (c.said or c.title)):
            person_words.update(c.words)
    first_names, family_names = _person_name_words(gaz)
    doubted: list[_Cand] = []
    for c in cands:
        if c.shape_only and c.type == PERSON and c.entry is None and not (
            c.words and (
                c.words[0] in first_names or c.words[0] in NAME_MONTHS or c.words[-1] in family_names
                or any(w in person_words for w in c.words) or any(w in INNER_NAME_PARTICLES for w in c.words[1:-1])
            )
        ):
            doubted.append(c)
    if not doubted:
        return
    # "Marcus Rashford and Jadon Sancho": a name listed with a person's is one too
    ordered = sorted(cands, key=lambda c: c.start)
    listed_with_person: set[int] = set()
    for a, b in zip(ordered, ordered[1:]):
        if a.sentence == b.sentence and " ".join(text[a.end : b.start].split()) in _LIST_JOINS:
            for one, other in ((a, b), (b, a)):
                if other.type == PERSON and len(other.words) >= 2 and other not in doubted:
                    listed_with_person.add(id(one))
    for c in doubted:
        if id(c) not in listed_with_person:
            c.type, c.tentative = None, True


# What may stand between two names of one list: "X, Y and Z", "X or Y".
_LIST_JOINS = frozenset({",", "and", ", and", "or", ", or", "&"})
_SHARED_TYPES = (GPE, LOC, ORG)


def _sure(c: _Cand) -> bool:
    return c.type is not None and (c.entry is not None or not c.tentative)


def _share_types(text: str, sentences: list[_Sentence], cands: list[_Cand]) -> None:
    """Names the cues left open take the type the article gives them elsewhere:

    * a name typed by its shape alone takes the type a cue gave the same
      words elsewhere ("near the village of Marulan Vale" ... "Residents of
      Marulan Vale");
    * names in one list share the place or organisation type of a member
      ("Marulan Vale, Bungonia Flats and Wollogorang", "Loblaws, Metro and
      Sobeys");
    * a lone word that begins a place's longer name is a place ("Goulburn"
      after "Goulburn Mulwaree").
    """
    sure_names: dict[tuple[str, ...], str] = {}
    place_first_words: dict[str, str] = {}
    for c in cands:
        if c.entry is None and c.type is not None and not c.tentative and c.words:
            sure_names.setdefault(c.words, c.type)
            if len(c.words) >= 2 and c.type in (GPE, LOC):
                place_first_words.setdefault(c.words[0], c.type)
    for c in cands:
        if c.entry is None and len(c.words) >= 2 and (c.type is None or c.tentative):
            known = sure_names.get(c.words)
            if known is not None:
                c.type, c.tentative = known, False
    for s in sentences:
        for group, joins in _lists(text, sorted(s.out, key=lambda c: c.start)):
            if all(join == "," for join in joins):
                continue  # "in Chile, Codelco said": a comma alone does not make a list
            types = {m.type for m in group if _sure(m)}
            # a well-known place opening the sentence ("In Tokyo, Haruto Mori and
            # Helena Duarte met") does not make the people after it places
            cued = {m.type for m in group if _sure(m) and m.entry is None}
            weak = not types
            if weak:  # "at Loblaws, Metro and Sobeys": a weak cue still names the kind
                types = {m.type for m in group if m.type is not None}
            if len(types) != 1 or next(iter(types)) not in _SHARED_TYPES:
                continue
            shared = next(iter(types))
            for m in group:
                if m.entry is None and (
                    m.type is None or (not weak and m.tentative and m.type != shared and shared in cued)
                ):
                    m.type, m.tentative = shared, True
    for c in cands:
        if c.entry is None and len(c.words) == 1 and (c.type is None or c.tentative) and not (c.title or c.said):
            place = place_first_words.get(c.words[0])
            if place is not None:
                c.type, c.tentative = place, False


def _lists(text: str, cands: list[_Cand]) -> list[tuple[list[_Cand], list[str]]]:
    """Runs of two or more names joined only by list words, with the joins."""
    out: list[tuple[list[_Cand], list[str]]] = []
    group: list[_Cand] = []
    joins: list[str] = []
    for c in cands:
        join = " ".join(text[group[-1].end : c.start].split()) if group else ""
        if group and join in _LIST_JOINS:
            group.append(c)
            joins.append(join)
            continue
        if len(group) >= 2:
            out.append((group, joins))
        group, joins = [c], []
    if len(group) >= 2:
        out.append((group, joins))
    return out


_COP_RE = re.compile(r"COP\d{1,2}")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_COP_NUMBER_RE = re.compile(r"[ -]?(\d{1,2})(?![\w%])")
# Words that make a year after them the name of an event: "Euro 2024",
# "Expo 2025", "Agenda 2030", "Vision 2030".
_EVENT_BEFORE_YEAR = frozenset({"Euro", "Expo", "EXPO", "Agenda", "Vision"})


def _years_in_event_names(text: str, quantities: list[Mention], names: list[Mention],
                          gaz: Gazetteer) -> tuple[list[Mention], list[Mention]]:
    """A year is part of the event it names: "the 2026 World Cup", "Euro
    2024", "Saudi Vision 2030" are one EVENT each (no DATE inside), and
    "COP 29" is the 29th conference, not "COP" and a bare number."""
    years = {q.start: q for q in quantities if q.type == DATE and _YEAR_RE.fullmatch(q.text)}
    if not years and not any(m.type == EVENT and m.text == "COP" for m in names):
        return quantities, names
    by_end = {m.end: m for m in names}
    year_ends = {q.end: q for q in years.values()}
    used: set[int] = set()  # id() of the year mentions folded into a name
    out: list[Mention] = []
    dropped: set[int] = set()
    for m in sorted(names, key=lambda m: m.start):
        if id(m) in dropped:
            continue
        start, end, label, entry = m.start, m.end, m.label, None
        before = year_ends.get(m.start - 1)
        if m.type == EVENT and before is not None and text[before.end] == " ":
            start, label = before.start, f"{before.text} {m.label}"  # "2026 World Cup"
            used.add(id(before))
        after = years.get(m.end + 1)
        if after is not None and text[m.end] == " " and (
            m.type == EVENT or m.text in _EVENT_BEFORE_YEAR
            or gaz.lookup(text[m.start : after.end]) is not None
        ):
            entry = gaz.lookup(text[m.start : after.end])
            if m.type == EVENT or (entry is not None and entry.type == EVENT) or m.text in _EVENT_BEFORE_YEAR:
                end, label = after.end, f"{m.label} {after.text}"  # "Expo 2025"
                used.add(id(after))
        elif m.type == EVENT and m.text == "COP":
            number = _COP_NUMBER_RE.match(text, m.end)
            if number is not None:
                end, label = number.end(), f"COP{number.group(1)}"  # "COP 29" is COP29
        if (start, end) == (m.start, m.end):
            out.append(m)
            continue
        surface = text[start:end]
        entry = entry if entry is not None and entry.type == EVENT else gaz.lookup(surface)
        if entry is not None and entry.type == EVENT:
            key, label = entry.key, entry.label
        else:
            key = entity_key(EVENT, label)
        out.append(Mention(m.article, start, end, EVENT, key, label, surface, m.sentence))
    # "Euro 2024", "Saudi Vision 2030": a year after a word that names no
    # mention yet ("Euro" alone is no name), or after a name that is one
    # with the year ("Saudi Vision 2030" in the gazetteer)
    taken = [(m.start, m.end) for m in out]
    for q in years.values():
        if id(q) in used:
            continue
        word = re.search(r"([A-Z][A-Za-z]+) $", text[max(0, q.start - 12) : q.start])
        if word is None or word.group(1) not in _EVENT_BEFORE_YEAR:
            continue
        start = q.start - 1 - len(word.group(1))
        prev = by_end.get(start - 1)
        if prev is not None and text[prev.end] == " " and prev.type in (NORP, GPE):
            start = prev.start  # "Saudi Vision 2030"
        if any(a < q.start and b > start for a, b in taken if (a, b) != ((prev.start, prev.end) if prev else (-1, -1))):
            continue
        surface = text[start : q.end]
        entry = gaz.lookup(surface)
        key, label = (entry.key, entry.label) if entry is not None and entry.type == EVENT else (
            entity_key(EVENT, surface), surface)
        out = [m for m in out if not (prev is not None and m is prev)]
        out.append(Mention(q.article, start, q.end, EVENT, key, label, surface, q.sentence))
        used.add(id(q))
    return [q for q in quantities if id(q) not in used], out


def _trim_span(text: str, start: int, end: int, entry: GazetteerEntry | None) -> tuple[int, int]:
    """Drop a possessive (not the one in "Moody's") and (for names that do
    not need it) a leading "the"."""
    piece = text[start:end]
    own = entry is not None and entry.label.endswith(("'s", "\u2019s"))
    if piece.endswith(("'s", "\u2019s", "\u02bcs")) and len(piece) > 2 and not own:
        end -= 2
    if entry is None and piece[:4].lower() == "the " and end - start > 4:
        start += 4
    return start, end


def _merge(quantities: list[Mention], names: list[Mention]) -> tuple[Mention, ...]:
    """Quantities win; a name is kept when it overlaps no quantity and no
    name kept before it."""
    figures: list[Mention] = []
    for m in sorted(quantities, key=lambda m: (m.start, -m.end)):
        if not figures or m.start >= figures[-1].end:
            figures.append(m)
    starts = [m.start for m in figures]
    kept = list(figures)
    last_end = -1
    for m in sorted(names, key=lambda m: (m.start, -(m.end - m.start))):
        k = bisect.bisect_left(starts, m.end)  # figures starting before this name ends
        if (k > 0 and figures[k - 1].end > m.start) or m.start < last_end:
            continue
        kept.append(m)
        last_end = m.end
    kept.sort(key=lambda m: (m.start, m.end))
    return tuple(kept)
