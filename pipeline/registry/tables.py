"""The small, hand-written tables behind the registry importer's rules (kept apart so the rules
stay readable), and the word sets derived from them at the end.

Each table is deliberately short: it covers what the rules cannot derive from the strings
themselves, and every entry is something a reviewer can check at a glance. Keys are lower case.
"""

from __future__ import annotations

from ..names import TITLE_WORDS

# English nicknames -> the given names they stand for. Used only between two people with the same
# surname and suffix ("Bill Barr" / "William Barr"). Left out on purpose: "Jack" (John: too many
# people called Jack are not Johns), "Jamie" (James, but also Jamin Raskin), "Mick"/"Mitch" as
# first names of people whose given name is elsewhere in the name.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "al": ("albert", "alan", "alfred"),
    "alex": ("alexander", "alexandra"),
    "andy": ("andrew",),
    "ben": ("benjamin",),
    "betsy": ("elizabeth",),
    "bill": ("william",),
    "billy": ("william",),
    "bob": ("robert",),
    "bobby": ("robert",),
    "brad": ("bradley",),
    "cathy": ("catherine",),
    "charlie": ("charles",),
    "chris": ("christopher", "christian"),
    "chuck": ("charles",),
    "dan": ("daniel",),
    "danny": ("daniel",),
    "dave": ("david",),
    "dick": ("richard",),
    "don": ("donald",),
    "doug": ("douglas",),
    "ed": ("edward", "edwin"),
    "eddie": ("edward",),
    "fred": ("frederick",),
    "gene": ("eugene",),
    "gerry": ("gerald",),
    "greg": ("gregory",),
    "hank": ("henry",),
    "jeff": ("jeffrey", "geoffrey"),
    "jerry": ("gerald", "jerome"),
    "jim": ("james",),
    "jimmy": ("james",),
    "joe": ("joseph",),
    "jon": ("jonathan",),
    "josh": ("joshua",),
    "kate": ("katherine", "kathleen", "catherine"),
    "kathy": ("katherine", "kathleen"),
    "katie": ("katherine", "kathleen"),
    "ken": ("kenneth",),
    "kenny": ("kenneth",),
    "larry": ("lawrence",),
    "liz": ("elizabeth",),
    "maggie": ("margaret",),
    "matt": ("matthew",),
    "mike": ("michael",),
    "nick": ("nicholas",),
    "pam": ("pamela",),
    "pat": ("patrick", "patricia"),
    "peggy": ("margaret",),
    "pete": ("peter",),
    "phil": ("philip", "phillip"),
    "randy": ("randall", "randolph"),
    "ray": ("raymond",),
    "rich": ("richard",),
    "rick": ("richard",),
    "rob": ("robert",),
    "ron": ("ronald",),
    "rudy": ("rudolph",),
    "russ": ("russell",),
    "sam": ("samuel", "samantha"),
    "steve": ("steven", "stephen"),
    "sue": ("susan",),
    "susie": ("susan",),
    "ted": ("edward", "theodore"),
    "tim": ("timothy",),
    "tom": ("thomas",),
    "tommy": ("thomas",),
    "tony": ("anthony",),
    "walt": ("walter",),
    "will": ("william",),
    "zach": ("zachary",),
    "zack": ("zachary",),
    "zak": ("zachary",),
}

# Well-known US-government acronyms whose expansion initials alone miss or make ambiguous
# (the other direction, "FBI" = "Federal Bureau of Investigation", is derived, not listed).
# Values are the expansions in lower case (compared as keys: without "the", "and" or punctuation);
# a listed acronym links only to these, never by initials.
GOVERNMENT_ACRONYMS: dict[str, tuple[str, ...]] = {
    "ATF": ("bureau of alcohol tobacco firearms and explosives",),
    "CFPB": ("consumer financial protection bureau",),  # initials also fit "Corporation for Public Broadcasting"
    "CDC": ("centers for disease control and prevention", "centers for disease control"),
    "DOD": ("department of defense",),
    "DOJ": ("department of justice",),
    "DOT": ("department of transportation",),  # initials also fit "Department of Treasury"
    # the Act names its court: "FISA Court" = "Foreign Intelligence Surveillance Court"
    "FISA": ("foreign intelligence surveillance act", "foreign intelligence surveillance"),
    "HHS": ("department of health and human services",),
    "HUD": ("department of housing and urban development",),
    "NSA": ("national security agency",),  # initials also fit "National Security Archive"
    "ODNI": ("office of director of national intelligence",),
    "SCOTUS": ("supreme court",),
    "USAID": ("agency for international development",),
    "USCIS": ("citizenship and immigration services",),
    "USDA": ("department of agriculture",),
    "VA": ("department of veterans affairs",),
}

# Words before a name that give a title or office ("Attorney General William Barr"); from
# pipeline.names.TITLE_WORDS plus ranks and offices common in the timeline.
EXTRA_TITLE_WORDS = frozenset(
    """acting adm adm. admiral administrator agent assistant associate baroness baron capt capt.
    captain chief circuit col col. colonel congressman congresswoman congressmen congresswomen
    counsel detective district lt lt. lieutenant maj maj. major marshal officer press
    representative sheriff auditor inspector coroner treasurer comptroller commander sergeant
    sgt sgt. superintendent""".split()
)

# Titles that name a person's rank or office. A title prefix counts only if it holds one of these;
# the other TITLE_WORDS ("foreign", "press", "executive", "chief", "acting") only qualify them, so
# "Office of Foreign Assets Control" and "U.S. Press Freedom Tracker" are not people.
PERSON_TITLES = frozenset(
    """president vice prime minister secretary senator sen sen. rep rep. representative governor gov
    gov. mayor mr mr. mrs mrs. ms ms. dr dr. prof prof. professor chancellor ceo commissioner judge
    justice general gen gen. ambassador envoy king queen prince princess sheikh speaker chairman
    chairwoman chair director attorney lord lady sir dame pope cardinal bishop rabbi imam
    spokesman spokeswoman spokesperson adm adm. admiral capt capt. captain col col. colonel lt lt.
    lieutenant maj maj. sergeant sgt sgt. detective sheriff congressman congresswoman congressmen
    congresswomen administrator baroness baron leader""".split()
)

# Name particles that belong to a surname ("Mohammed bin Salman", "Hans von Spakovsky").
PARTICLES = frozenset("bin ibn al el van von der den de da di del della du la le ul st st.".split())

# Generational suffixes: they distinguish people ("Donald Trump" / "Donald Trump Jr.").
SUFFIXES = frozenset("jr sr ii iii iv v".split())

# Legal-form endings of company names ("Boeing Corporation" = "Boeing").
LEGAL_FORMS = (
    "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "l l c", "ltd", "limited",
    "plc", "llp", "sa", "ag", "ad", "nv", "gmbh", "& co", "& company",
    "law firm",  # not a legal form, but dropped the same way: "Paul Weiss Law Firm" = "Paul Weiss"
)

# Words companies add to a one-word name ("Palantir Technologies" = "Palantir"). Left out on
# purpose: Ventures, Cloud, Bank, Foundation (usually a different entity from the company).
COMPANY_WORDS = frozenset(
    """technologies technology industries group holdings global media international worldwide labs
    associates communications systems enterprises market""".split()
)

# Words that only say what kind of company a name is ("Sinclair Broadcast Group" = "Sinclair
# Broadcasting", "Elliott Investment Management" = "Elliott Management"; the generic-words rule).
GENERIC_COMPANY_WORDS = COMPANY_WORDS | frozenset(
    """broadcast broadcasting investment investments management capital partners""".split()
)

# Words that make a name a government body (the brief's list and their close kin).
GOVERNMENT_WORDS = frozenset(
    """department dept agency bureau court courts senate ministry administration committee
    commission congress office government legislature assembly parliament judiciary police army
    navy marines guard service authority cabinet pentagon kremlin tribunal military intelligence
    jury enforcement""".split()
)
GOVERNMENT_PHRASES = ("white house", "federal reserve", "air force", "inspector general", "attorney general",
                      "house of representatives", "marine corps", "city of ", "state of ", "county of ")

# Plural nouns that make a name a description of many people ("Boeing engineers", "House Republicans").
GROUP_NOUNS = frozenset(
    """officials members leaders researchers executives workers employees investors victims families
    family voters advocates activists experts scholars lobbyists donors staff staffers agents officers
    prosecutors attorneys lawyers judges justices legislators lawmakers republicans democrats senators
    supporters protesters journalists reporters producers citizens immigrants civilians students
    survivors residents operatives scientists coordinators economists physicians farmers soldiers
    troops passengers patients consumers taxpayers borrowers refugees migrants detainees prisoners
    inmates whistleblowers bankers billionaires elites militants rebels fighters stakeholders
    appointees loyalists contractors companies corporations firms
    groups organizations governments agencies engineers pilots believers attendees deportees
    communities tribes people children veterans parents women men elite class movement allies
    consultants analysts regulators commissioners plaintiffs defendants traders hackers clients
    shareholders publishers advertisers funders sponsors networks outlets stations platforms
    institutions nations countries states industry oligarchs authorities diplomats nationals
    personnel teams crew founders fathers mothers""".split()
)

# Words that never appear in a person's name; a name holding one is an organization or a body.
ORGANIZATION_WORDS = frozenset(
    """inc corp corporation company co llc ltd group holdings partners capital bank foundation
    institute association council society center centre fund trust university college school party
    network media news times post journal technologies technology systems industries energy oil
    petroleum airlines airways pharma pharmaceuticals labs coalition alliance union club project
    initiative campaign organization watch action records management advisors associates ventures
    global international consulting solutions services enterprises resorts hotel hotels golf
    exchange markets securities financial finance motors communications broadcasting press magazine
    review studios entertainment board tribe nation pac pacs team division program task force
    federation league caucus conference consortium commission reserve national federal american
    united democratic republican conservative corporate digital legal civil public private state
    city county supreme street capitol institution collective lab research branch community
    health forward platform military intelligence jury""".split()
)

# Demonyms and similar adjectives that do not start a person's name ("Mexican Farmers").
DEMONYMS = frozenset(
    """afghan african albanian american argentine armenian asian australian belarusian brazilian
    british canadian chilean chinese colombian cuban czech dutch egyptian emirati ethiopian
    european french georgian german ghanaian greek haitian hungarian indian indigenous indonesian
    iranian iraqi irish israeli italian japanese jewish kazakh kenyan korean latino lebanese
    malaysian mexican muslim native nigerian pakistani palestinian polish portuguese qatari
    romanian russian saudi serbian soviet spanish swiss syrian thai tunisian turkish ukrainian
    uzbek venezuelan vietnamese yemeni catholic""".split()
)

# Places: countries and US states (with DC and territories), as normalized keys.
US_STATES = frozenset(
    """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming""".split()
) | {"new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota",
     "rhode island", "south carolina", "south dakota", "west virginia", "district of columbia",
     "puerto rico", "guam"}

COUNTRIES = frozenset(
    """afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
    bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia botswana brazil
    brunei bulgaria burundi cambodia cameroon canada chad chile china colombia comoros congo croatia
    cuba cyprus czechia denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia
    fiji finland france gabon gambia germany ghana greece grenada guatemala guinea guyana haiti
    honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
    kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya
    liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania
    mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar
    namibia nauru nepal netherlands nicaragua niger nigeria norway oman pakistan palau palestine
    panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal
    serbia seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland
    syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu uganda
    ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe bermuda""".split()
) | {"burkina faso", "cape verde", "central african republic", "costa rica", "czech republic",
     "dominican republic", "east timor", "el salvador", "equatorial guinea", "hong kong",
     "ivory coast", "marshall islands", "new zealand", "north korea", "north macedonia",
     "papua new guinea", "saudi arabia", "sierra leone", "solomon islands", "south africa",
     "south korea", "south sudan", "sri lanka", "united arab emirates", "united kingdom",
     "united states", "united states of america", "vatican city", "cayman islands",
     "british virgin islands", "soviet union"}

PLACES = US_STATES | COUNTRIES

# Words that never start or make up a person's name ("All Voting Is Local").
STOPWORDS = frozenset(
    """a all an and are as at be by for from in into is it its my no not of on one or our over the
    their this to two under we what who with without you your""".split()
)

# Words in a name that make it an organization whatever else it holds ("International Consortium
# of Investigative Journalists", "National Association of Attorneys General").
STRONG_ORGANIZATION_WORDS = frozenset(
    """project institute foundation foundations association coalition alliance union center centre
    network fund trust society club league federation consortium university college school party
    campaign company inc corp llc""".split()
)

# Federal courts of appeals are numbered First to Eleventh ("9th Circuit" = "Ninth Circuit").
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh")

# Last words of a body's name that may also come after its place: "Republican Party of Florida" =
# "Florida Republican Party", "Supreme Court of Georgia" = "Georgia Supreme Court".
ORDER_HEADS = frozenset("party court government legislature senate assembly parliament".split())

# Names a US executive department goes by on its own (as keys): "U.S. Treasury", "Homeland Security".
# Left out on purpose: one-word names that are also common words or titles ("Justice", "State",
# "Defense", "Energy", "Labor") and "Pentagon" (the building and the military as much as the department).
DEPARTMENT_SHORT_NAMES: dict[str, str] = {
    "treasury": "department of treasury",
    "homeland security": "department of homeland security",
    "veterans affairs": "department of veterans affairs",
    "health human services": "department of health human services",
    "housing urban development": "department of housing urban development",
}

# Names that stand for a department only in front of one of its units: "Pentagon Inspector General"
# = "Department of Defense Inspector General" (but "Pentagon" alone is not settled; see above).
PARENT_SHORT_NAMES: dict[str, str] = {
    **DEPARTMENT_SHORT_NAMES,
    "pentagon": "department of defense",
}

# A sub-unit of a body: its name ends in one of these (as keys) or starts with "Office of".
SUB_UNIT_ENDINGS = ("division", "section", "inspector general")
# Units every department has: written alone they name no one parent ("Inspector General").
GENERIC_SUB_UNITS = frozenset({"inspector general", "general counsel", "office of general counsel"})

# Country names -> the adjective the timeline also writes before "Government", "Military", ...
# ("South Korea Government" = "South Korean Government"). "American" is left out (it is also the
# continent's, and "American X" is seldom "United States X").
COUNTRY_ADJECTIVES: dict[str, str] = {
    "afghanistan": "afghan", "argentina": "argentine", "australia": "australian", "austria": "austrian",
    "belarus": "belarusian", "brazil": "brazilian", "britain": "british", "canada": "canadian",
    "chile": "chilean", "china": "chinese", "colombia": "colombian", "cuba": "cuban", "egypt": "egyptian",
    "el salvador": "salvadoran", "ethiopia": "ethiopian", "france": "french", "germany": "german",
    "greece": "greek", "hungary": "hungarian", "india": "indian", "indonesia": "indonesian",
    "iran": "iranian", "iraq": "iraqi", "ireland": "irish", "israel": "israeli", "italy": "italian",
    "japan": "japanese", "kazakhstan": "kazakh", "kenya": "kenyan", "lebanon": "lebanese",
    "malaysia": "malaysian", "mexico": "mexican", "netherlands": "dutch", "nigeria": "nigerian",
    "north korea": "north korean", "pakistan": "pakistani", "poland": "polish", "qatar": "qatari",
    "russia": "russian", "saudi arabia": "saudi", "serbia": "serbian", "south africa": "south african",
    "south korea": "south korean", "spain": "spanish", "syria": "syrian", "thailand": "thai",
    "turkey": "turkish", "ukraine": "ukrainian", "united kingdom": "british", "venezuela": "venezuelan",
    "vietnam": "vietnamese", "yemen": "yemeni", "united arab emirates": "emirati", "uae": "emirati",
    "soviet union": "soviet",
}


# ------------------------------------------------------------------------- derived word sets

# Every word that may open a title or office before a name ("Attorney General", "Capt.").
TITLES = TITLE_WORDS | EXTRA_TITLE_WORDS
# Words skipped when reading the initials of a name ("Department of Justice" -> DJ, DOJ).
CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "to", "at", "by", "a", "an", "&", "de"})
# Words that are never part of a person's name ("Proud Boys", "Oath Keepers").
NON_NAME_WORDS = ORGANIZATION_WORDS | GOVERNMENT_WORDS | {"palace", "boys", "keepers", "world", "special"}
# Words that name a kind of thing, not one actor ("Russian Military" is not "Military").
COMMON_WORDS = ORGANIZATION_WORDS | GOVERNMENT_WORDS | GROUP_NOUNS | TITLES | STOPWORDS
