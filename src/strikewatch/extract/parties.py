"""Unions and employers within one article: names, locals, acronyms and aliases.

Union names are found by rules (the statistical model misses "SEIU Local 99"):
capitalised runs that end in a union word ("... Teachers Union", "... Nurses
Association", "Brotherhood of ..."), workers' groups not called unions ("Disney
Workers Rising"), French, Spanish, German and Turkish names ("Fédération autonome
de l'enseignement", "Birlesik Metal-Is"), a table of well-known unions and their
acronyms, acronyms defined in the text ("Service Employees International Union
(SEIU)", "... known as the FAE"), acronyms a sentence calls a union ("the CGT
union", "trade union Verdi"), locals before or after the affiliation ("SEIU Local
99", "Local 99 of SEIU", "SEIU 2015", "1199SEIU", "UPTE-CWA 9119", "Lodge 751",
"District Council 33", "Local 1-346", a bare "Local 84707"), and organisations
that "represent" workers. Every mention of one union is grouped under its fullest
form; the other forms become aliases. Counts ("Four Unions"), generic phrases
("Trade Union"), title-case headline fragments and people's titles ("... President
Jane Roe") are not names.

Employers come from spaCy's ORG entities in the sentences that hold events plus
name patterns (school districts, cities, hospitals, companies), minus unions,
news outlets and government agencies that are not parties.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from strikewatch.model import Organization

# Well-known unions: acronym -> full name. Labor knowledge, not article text.
KNOWN_UNIONS: dict[str, str] = {
    "SEIU": "Service Employees International Union",
    "UAW": "United Auto Workers",
    "AFT": "American Federation of Teachers",
    "NEA": "National Education Association",
    "AFSCME": "American Federation of State, County and Municipal Employees",
    "IBT": "International Brotherhood of Teamsters",
    "UFCW": "United Food and Commercial Workers",
    "CWA": "Communications Workers of America",
    "IBEW": "International Brotherhood of Electrical Workers",
    "IAM": "International Association of Machinists and Aerospace Workers",
    "IAMAW": "International Association of Machinists and Aerospace Workers",
    "USW": "United Steelworkers",
    "NNU": "National Nurses United",
    "CNA": "California Nurses Association",
    "NYSNA": "New York State Nurses Association",
    "SAG-AFTRA": "Screen Actors Guild-American Federation of Television and Radio Artists",
    "WGA": "Writers Guild of America",
    "ALPA": "Air Line Pilots Association",
    "AFA": "Association of Flight Attendants",
    "APFA": "Association of Professional Flight Attendants",
    "CUPE": "Canadian Union of Public Employees",
    "ILWU": "International Longshore and Warehouse Union",
    "ILA": "International Longshoremen's Association",
    "BLET": "Brotherhood of Locomotive Engineers and Trainmen",
    "TWU": "Transport Workers Union",
    "ATU": "Amalgamated Transit Union",
    "CTU": "Chicago Teachers Union",
    "UTLA": "United Teachers Los Angeles",
    "RMT": "National Union of Rail, Maritime and Transport Workers",
    "CITU": "Centre of Indian Trade Unions",
    "IAFF": "International Association of Fire Fighters",
    "BCTGM": "Bakery, Confectionery, Tobacco Workers and Grain Millers International Union",
    "OPEIU": "Office and Professional Employees International Union",
    "UNITE HERE": "UNITE HERE",
    "AFL-CIO": "AFL-CIO",
    "CFA": "California Faculty Association",
    "NUT": "National Education Union",
    "PSAC": "Public Service Alliance of Canada",
}
# Names that need no union word to be recognised.
KNOWN_NAMES = {
    "Teamsters": "International Brotherhood of Teamsters",
    "Aslef": "Aslef",
    "ASLEF": "Aslef",
    "Unite": "Unite",
    "Unison": "Unison",
    "UNISON": "Unison",
    "GMB": "GMB",
    "Unifor": "Unifor",
    "Workers United": "Workers United",
    "Culinary Union": "Culinary Union",
    "United Steelworkers": "United Steelworkers",
    "Steelworkers": "United Steelworkers",
    "Machinists": "International Association of Machinists and Aerospace Workers",
}
# More unions, for the union finder only (KNOWN_UNIONS and KNOWN_NAMES also feed the
# spaCy entity ruler and the role features). Labor knowledge, not article text.
MORE_UNIONS: dict[str, str] = {
    "UE": "United Electrical, Radio and Machine Workers of America",
    "IFPTE": "International Federation of Professional and Technical Engineers",
    "LIUNA": "Laborers' International Union of North America",
    "LiUNA": "Laborers' International Union of North America",
    "RWDSU": "Retail, Wholesale and Department Store Union",
    "NALC": "National Association of Letter Carriers",
    "APWU": "American Postal Workers Union",
    "AFGE": "American Federation of Government Employees",
    "NTEU": "National Treasury Employees Union",
    "FOP": "Fraternal Order of Police",
    "IUOE": "International Union of Operating Engineers",
    "UWUA": "Utility Workers Union of America",
    "IATSE": "International Alliance of Theatrical Stage Employees",
    "AAUP": "American Association of University Professors",
    "UFT": "United Federation of Teachers",
    "NYSUT": "New York State United Teachers",
    "OSSTF": "Ontario Secondary School Teachers' Federation",
    "ETFO": "Elementary Teachers' Federation of Ontario",
    "OPSEU": "Ontario Public Service Employees Union",
    "BCGEU": "B.C. General Employees' Union",
    "MGEU": "Manitoba Government and General Employees' Union",
    "CUPW": "Canadian Union of Postal Workers",
    "TCRC": "Teamsters Canada Rail Conference",
    "NZNO": "New Zealand Nurses Organisation",
    "BMA": "British Medical Association",
    "RCN": "Royal College of Nursing",
    "NEU": "National Education Union",
    "EIS": "Educational Institute of Scotland",
    "PCS": "Public and Commercial Services Union",
    "UCU": "University and College Union",
    "CWU": "Communication Workers Union",
    "FBU": "Fire Brigades Union",
    "NASUWT": "NASUWT",
    "TSSA": "Transport Salaried Staffs' Association",
    "SIPTU": "Services, Industrial, Professional and Technical Union",
    "INMO": "Irish Nurses and Midwives Organisation",
    "ACTU": "Australian Council of Trade Unions",
    "CFMEU": "Construction, Forestry, Maritime, Mining and Energy Union",
    "CFDT": "Confédération française démocratique du travail",
    "CGTP": "Confederação Geral dos Trabalhadores Portugueses",
    "CGIL": "Confederazione Generale Italiana del Lavoro",
    "CISL": "Confederazione Italiana Sindacati Lavoratori",
    "CCOO": "Comisiones Obreras",
    "UGT": "Unión General de Trabajadores",
    "DGB": "Deutscher Gewerkschaftsbund",
    "GDL": "Gewerkschaft Deutscher Lokomotivführer",
    "EVG": "Eisenbahn- und Verkehrsgewerkschaft",
    "CSN": "Confédération des syndicats nationaux",
    "CSQ": "Centrale des syndicats du Québec",
    "FTQ": "Fédération des travailleurs et travailleuses du Québec",
    "FIQ": "Fédération interprofessionnelle de la santé du Québec",
    "APTS": "Alliance du personnel professionnel et technique de la santé et des services sociaux",
    "FAE": "Fédération autonome de l'enseignement",
    "COSATU": "Congress of South African Trade Unions",
    "NUMSA": "National Union of Metalworkers of South Africa",
    "KCTU": "Korean Confederation of Trade Unions",
    "CGT": "Confédération générale du travail",
    "FO": "Force Ouvrière",
    "USO": "Unión Sindical Obrera",
}
MORE_NAMES: dict[str, str] = {
    "Unite Here": "UNITE HERE",
    "Unite HERE": "UNITE HERE",
    "UNITE-HERE": "UNITE HERE",
    "Actors' Equity": "Actors' Equity Association",
    "Actors’ Equity": "Actors' Equity Association",
    "Actors' Equity Association": "Actors' Equity Association",
    "Actors’ Equity Association": "Actors' Equity Association",
    "OUR Walmart": "Organization United for Respect at Walmart",
    "Organization United for Respect at Walmart": "Organization United for Respect at Walmart",
    "IG Metall": "IG Metall",
    "IG BCE": "IG BCE",
    "Verdi": "Verdi",
    "ver.di": "Verdi",
    "Ver.di": "Verdi",
    "Sud Rail": "SUD-Rail",
    "SUD Rail": "SUD-Rail",
    "SUD-Rail": "SUD-Rail",
    "Sud-Rail": "SUD-Rail",
    "Force Ouvrière": "Force Ouvrière",
    "Common Front": "Common Front",
    "Front commun": "Common Front",
    "Front Commun": "Common Front",
    "Comisiones Obreras": "Comisiones Obreras",
    "Usdaw": "Usdaw",
    "Teamsters Canada": "Teamsters Canada",
}
_ACR_FULL: dict[str, str] = {**KNOWN_UNIONS, **MORE_UNIONS}
_NAME_FULL: dict[str, str] = {**KNOWN_NAMES, **MORE_NAMES}
_KNOWN_NAMES_ONLY = frozenset(_NAME_FULL) | frozenset(f for f in _ACR_FULL.values() if " " in f)

UNION_HEADS = (
    r"(?:Unions|Union(?!\s+(?:High|School|Station|Square|Pacific|Bank|Street|Avenue|Hall|Army|Jack|County|City|Township|"
    r"Election|Elections|Act|Busting|Drive|Dues)\b)|Federation|Brotherhood|Guild|Teamsters|Workers\s+United|Steelworkers|"
    r"Congress|Alliance|Coalition)"
)
# Associations and councils are unions only when they name workers.
WORKER_WORDS = re.compile(
    r"\b(?:Teachers?|Nurses?|Educators?|Education|Faculty|Professors?|Police|Firefighters?|Fire\s+Fighters|"
    r"Flight\s+Attendants|Pilots?|Employees|Workers|Staff|Engineers|Machinists|Professionals?|Physicians|"
    r"Doctors|Residents|Drivers|Officers|Deputies|Librarians|Actors|Writers|Musicians|Carpenters|Laborers|"
    r"Electrical|Longshore\w*|Teamsters|Trades?|Paraprofessionals|Classified|Graduate|Achievement)\b"
)
# The union finder's own, wider list (WORKER_WORDS is also a feature of the role model: kept as it is).
_WORKERS = re.compile(
    r"\b(?:Teachers?|Nurses?|Educators?|Education|Educational|Faculty|Professors?|Police|Firefighters?|Fire\s+Fighters|"
    r"Flight\s+Attendants|Attendants|Pilots?|Employees|Employes|Workers|Staff|Staffs|Engineers|Machinists|Professionals?|"
    r"Physicians|Doctors|Residents|Drivers|Officers|Deputies|Librarians|Actors|Writers|Musicians|Carpenters|Laborers|"
    r"Labourers|Electrical|Longshore\w*|Teamsters?|Trades|Trade\s+Unions?|Paraprofessionals|Classified|Graduate|"
    r"Achievement|Carriers|Clerks|Millers|Bakers|Crafts|Trainmen|Operators|Technicians|Technologists|Therapists|"
    r"Pharmacists|Janitors|Journalists|Porters|Dockers|Dockworkers|Miners|Seafarers|Mariners|Controllers|"
    r"Dispatchers|Conductors|Assistants|Midwives|Caregivers|Stagehands|Athletes|Players|Footballers|Futbolistas|"
    r"Unionists|Metalworkers|Autoworkers|Ironworkers|Boilermakers|Plumbers|Pipefitters|Electricians|Painters|"
    r"Freelancers|Academics|Researchers|Scholars|Artists|Baristas|Steelworkers|Nursing|Midwifery)\b"
)
NOT_UNIONS = re.compile(
    r"\b(?:European|Soviet|Credit|Civil\s+Liberties|(?<!Graduate\s)Students?(?!\s+(?:Workers|Employees|Researchers))|"
    r"Station|State\s+of\s+the|Pacific|Western|Rugby|"
    r"Football|Hospital\s+Association|Chamber|Chambers|Business|Manufacturers|Retail(?!,\s+Wholesale)|Restaurant|"
    r"Hotel(?!\s+(?:and\s+\w+\s+)?(?:Workers|Employees|Trades))|"
    r"Press|Broadcasters|Bar\s+Association|Medical\s+Association|School\s+Boards|Homeowners|Parents?|"
    r"Republican|Democratic|Party|Economic|Customs|African(?!\s+Trade)|Postal\s+Union|World|Cycling|Basketball|Baseball|"
    r"Hockey|Commission|Department|Ministry|Bureau|Agency|Authority|Tribunal|Court|Memorial\s+Union|Tenants|"
    # employers' associations
    r"Producers|Employers|Contractors|Retailers|Owners|Landlords|Shippers|Growers|Hospitals)\b"
)
# Heads that make a name a union when the language is not English.
FOREIGN_HEADS = re.compile(
    r"\b(?:Fédération|Confédération|Syndicat|Sindicato|Sindacato|Federación|Confederación|Asociación|Associação|"
    r"Confederação|Federação|Confederazione|Federazione|Gewerkschaft|Centrale|Comisiones)\b|-(?:İş|Is|Iş|Sen)\b"
)

_DESIG = r"(?:Locals?|Lodges?|District\s+Council|District\s+Lodge|District|Dist\.|Division|Council|Chapter)"
_NUMBER = r"(?:No\.\s*|#\s*)?(\d{1,6}(?:-\d{1,5}|[A-Z]{1,2})?)\b"
_TOK = rf"(?<![\w.])(?!{_DESIG}[ \t]+(?:No\.\s*|#\s*)?\d)(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w’'&-]*)"
_CAP = rf"(?:{_TOK}|of|and|for|the|de|des|du|&)"
_SP = r"[ \t]+"
_WORD = r"[A-Z][\w’'&-]*"
# "Retail, Wholesale and ...", "Bakery, Confectionery, Tobacco Workers and ..."
_LIST = rf"(?:(?:{_WORD},{_SP}){{1,3}}(?=(?:{_WORD}{_SP}){{0,2}}{_WORD},?{_SP}(?:and|&){_SP}[A-Z]))?"
_OFTAIL = (
    rf"(?:{_SP}(?:of|for)(?:{_SP}{_TOK}|{_SP}and|{_SP}the|{_SP}of|{_SP}for|,(?={_SP}{_WORD}{_SP}(?:and|&){_SP}))*"
    rf"{_SP}{_TOK})?"
)
_MOVE_WORKERS = (
    r"(?:Workers|Employees|Nurses|Teachers|Educators|Drivers|Unionists|Doctors|Actors|Academics|Faculty|Staff|"
    r"Scholars|Writers|Artists|Musicians|Assistants|Attendants|Researchers|Baristas)"
)
# One pattern a kind of name (one combined pattern is slower: every alternative is tried at every capital).
UNION_RXS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # "... Teachers Union", "Brotherhood of ...", "... Federation of Teachers"
        rf"(?=[A-Z])\b({_LIST}(?:{_TOK}{_SP})(?:{_CAP}{_SP}){{0,7}}?{UNION_HEADS}\b{_OFTAIL})",
        rf"(?=[A-Z])\b((?:{UNION_HEADS}){_SP}of(?:{_SP}{_TOK}|{_SP}and|{_SP}the|{_SP}for)*{_SP}{_TOK})",
        # associations, councils, conferences: unions when they name workers
        rf"(?=[A-Z])\b((?:{_TOK}{_SP})(?:{_CAP}{_SP}){{0,6}}?(?:Association|Council|Committee|Organization|Organisation|"
        rf"Conference)\b{_OFTAIL})",
        rf"(?=[UIN])\b((?:United|International|National)(?:{_SP}{_CAP}){{0,5}}?{_SP}(?:Workers|Employees)\b{_OFTAIL}"
        rf"(?:{_SP}United)?)",
        rf"(?=[A-Z])\b((?:{_TOK}{_SP}){{0,5}}Workers{_SP}(?:of{_SP}America|United))\b",
        # workers' groups not called unions: "Disney Workers Rising", "Federal Unionists Network",
        # "National Nurses United"
        rf"(?=[A-Z])\b((?:{_TOK}{_SP}){{0,4}}{_MOVE_WORKERS}[’']?{_SP}(?:Rising|United|Unite|Alliance|Coalition|Collective|"
        rf"Network|Caucus|Assembly|Solidarity|Together|Movement|Power|Organizing{_SP}Committee|Organising{_SP}Committee))\b",
    )
)
ASSOC_OF_RX = re.compile(
    rf"(?=[A-Z])\b((?:Association|Organization|Organisation|Committee|Federation|Confederation|Coalition|Order|Institute){_SP}"
    rf"(?:of|for)(?:{_SP}{_TOK}|{_SP}and|{_SP}the|{_SP}of|{_SP}for)*{_SP}{_TOK})"
)
# "Fédération autonome de l'enseignement", "Asociación de Futbolistas Españoles", "Alliance du personnel ..."
_FW = r"(?:de|des|du|del|la|le|les|los|las|el|et|y|e|da|do|dos|das|di|der|für|und)"
_FLOW = (
    r"(?:[a-z]*[à-ÿ][a-zà-ÿ]*|autonome|interprofessionnelle|nationale?|general|unitaire|libre|obreras?|obreros?|"
    r"travail|personnel|professionnel(?:le)?|technique|enseignement|sociaux|services|travailleurs|travailleuses|"
    r"trabajadores|trabalhadores|lavoro|syndicats?|sindicatos?|enseignants?|indépendante?|démocratique)"
)
_FTOK = rf"(?:[lLdD][’'][A-Za-zÀ-ÿ][\wÀ-ÿ-]*|[A-ZÀ-Þ][\wÀ-ÿ’'-]*|{_FLOW})"
FOREIGN_RX = re.compile(
    rf"(?=[A-Z])\b((?:Fédération|Confédération|Syndicat|Sindicato|Sindacato|Federación|Confederación|Asociación|Associação|"
    rf"Confederação|Federação|Confederazione|Federazione|Gewerkschaft|Centrale|Comisiones|Union|Alliance|Association|"
    rf"Federation|Confederation)(?:{_SP}{_FW}(?:{_SP}{_FW})*{_SP}(?:{_FTOK}|[a-zà-ÿ]{{3,}})|{_SP}{_FTOK}){{1,8}})"
)
_FOREIGN_SECOND = re.compile(rf"^\S+{_SP}(?:{_FW}\b|{_FLOW}\b|[lLdD][’'])")
TURKISH_RX = re.compile(
    r"(?=[A-ZÇĞİÖŞÜ])(?<![\w-])((?:[A-ZÇĞİÖŞÜ][\wçğıöşüÇĞİÖŞÜ]*[ \t]+){0,2}"
    r"[A-ZÇĞİÖŞÜ][\wçğıöşüÇĞİÖŞÜ]*-(?:İş|Is|Iş|Sen))(?![\w-])"
)

LOCAL_AFTER = re.compile(
    rf"^(?:{_SP}union)?(?:[ \t]*\((?:the[ \t]+)?([A-Z][A-Za-z&-]{{1,9}})\))?"
    rf"(?:,[ \t]*)?[ \t]*({_DESIG})[ \t]+{_NUMBER}"
)
LOCAL_NUMBER_AFTER = re.compile(
    r"^[ \t]+(\d{2,6}(?:-\d{1,5}|[A-Z]{1,2})?)\b(?![,.]\d)"
    r"(?!\s*(?:%|percent|per\s+cent|workers|members\s+of|employees|nurses|teachers|people|years?|months?|weeks?|days?|"
    r"hours?|minutes?|times|more|other|million|billion|thousand|cents?|dollars|euros|pounds)\b)"
)
_YEAR_NOUN = re.compile(
    r"^\s*(?:[’']s\b|-|strikes?|contracts?|agreement|deal|convention|elections?|negotiations|talks|campaign|walkout|"
    r"lockout|bargaining|season|survey|report|endorsement|awards?|primary|vote|ratification|general|national|annual|"
    r"budget|legislative|session|conference|election)\b"
)
EXTRA_LOCAL = re.compile(
    r"^(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]*&[ \t]*|/)(\d{1,6}(?:-\d{1,5})?)\b"
)
ACRONYM_DEF = re.compile(
    r"\s*(?:\((?:the\s+)?([A-Z][A-Za-z&-]{1,9}|[A-Z]{2,}(?:[- ][A-Z]{2,})?)\)"
    r"|(?:,|\s[-–—])?\s+(?:known\s+as|or)\s+(?:the\s+)?([A-Z][A-Z&-]{1,9})\b)"
)
ACRONYM_BEFORE = re.compile(r"\(([A-Z][A-Z&-]{1,9})\s*[-–—:]\s*$")
LOCAL_OF = re.compile(
    r"(?=[LD])\b(?:Locals?|Lodge|District\s+Council)\s+(?:No\.\s*|#\s*)?(\d{1,6}(?:-\d{1,5})?)\s+of\s+(?:the\s+)?"
    r"([A-Z][\w&-]+(?:\s+(?:[A-Z][\w&’'-]*|of|and))*)"
)
DESIG_NUMBER = re.compile(rf"(?=[CDL])\b({_DESIG})[ \t]+{_NUMBER}")
PRE_LOCAL = re.compile(
    rf"({_LIST}{_TOK}(?:(?:{_SP}|{_SP}(?:of|and|&|the){_SP}|-){_TOK}){{0,7}})(?:{_SP}\(([A-Z][A-Za-z&-]{{1,9}})\))?,?{_SP}$"
)
# a lowercase "union" or "local", and the run of capitalised words before it (searched in a window, backwards)
UNION_WORD = re.compile(r"(?=[ \t])[ \t]+(?:labou?r[ \t]+|trade[ \t]+)?(?:unions?|locals?)\b")
RUN_BEFORE = re.compile(rf"(?=[A-Z])({_LIST}{_TOK}(?:(?:{_SP}|{_SP}(?:of|and|&){_SP}){_TOK}){{0,7}})$")
NUMBER_GLUED = re.compile(
    r"(?=\d)(?<![\w,.-])(\d{2,5}[A-Z]{1,3})[ \t]+([A-Z]{2,8})(?![\w-])"
    r"|(?<![\w-])(\d{2,5})([A-Z]{2,8})(?![\w-])"
)
COMPOUND_ACR = re.compile(r"(?=[A-Z])(?<![\w-])((?:[A-Z]{2,8}-)+[A-Z]{2,8})(?![\w-])")
_NOT_NAME_AFTER = re.compile(r"^\s+(?:contracts?|deal|agreement|talks|negotiations|pact|plants?|jobs?)\b")
EMPLOYER_ACRONYMS = frozenset(
    {"GM", "FCA", "UPS", "GE", "IBM", "UC", "ATT", "NBC", "CBS", "ABC", "MTA", "VA"}
)
# An acronym a sentence calls a union: "the CGT union", "GDL train drivers' union", "USO and Sictpla unions".
_UNION_QUAL = (
    r"(?:trade|labou?r|rail|railway|train|drivers[’']?|workers[’']?|teachers[’']?|nurses[’']?|doctors[’']?|services?|"
    r"public|sector|metalworkers[’']?|transport|postal|civil|dock|teaching|health|pilots[’']?|cabin|crew|staff|"
    r"employees[’']?|hardline|hard-left|leftist|militant|main|largest|biggest|powerful|independent|moderate)"
)
_ACR = r"[A-Z][A-Z0-9&]{1,8}(?:-[A-Z0-9]+)?"
ACR_BEFORE_UNION = re.compile(
    rf"(?=[A-Z])(?<![\w-])((?:{_ACR},{_SP})*{_ACR}(?:,?{_SP}(?:and|&){_SP}[A-Z][A-Za-z]{{2,9}})?)"
    rf"(?:{_SP}{_UNION_QUAL}){{0,2}}{_SP}(unions|union(?:[’']s)?)\b"
)
# "the CSN, CSQ, APTS and FTQ": acronyms listed with a known union
ACR_LIST = re.compile(rf"(?=[A-Z])(?<![\w-])((?:{_ACR},{_SP})+{_ACR},?{_SP}(?:and|&){_SP}{_ACR})(?![\w-])")
ACR_AFTER_UNION = re.compile(
    rf"(?=u)\bunion(?:{_SP}(?:confederation|federation))?(,?){_SP}(?:the{_SP})?([A-Z][A-Z0-9&]{{1,8}}|[A-Z][a-z]{{2,12}})(?![\w-])"
)
_AFTER_NAME_OK = re.compile(
    r"^(?:\s*[,.;:)]|\s+(?:said|says|has|have|had|is|was|were|will|would|calls|called|announced|urged|warned|"
    r"advocates|organi[sz]ed|represents|seeks|wants|demands|plans|held|led|launched|began|started))"
)
STOP_ACRONYMS = frozenset(
    "US USA UK EU UN NHS TV CEO CFO COO AI IT HR PR NFL NBA MLB NHL MLS WNBA NCAA GOP DNC RNC COVID NYC "
    "LA DC BC PM AM GDP CPI ID OK UAE FBI CIA IRS EPA ICE NLRB DOL OSHA ILO WHO IMF AP AFP BBC CNN NBC CBS "
    "ABC NPR PBS ULP TA CBA MOU COLA PTO FTC SEC DOJ DHS VA PDF UPDATE BREAKING WATCH READ MORE NEW THE AND "
    "FOR OF IN ON AT TO BY A I II III IV "
    "GM UPS MTA UC CUNY SUNY NY NJ CA TX FL PA".split()
)
_CAP_COMMON = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Local Locals President Chief Leader Leaders Officials The "
    "This That It In On At For And But So Members Head Secretary Chair Spokesman Spokeswoman Spokesperson "
    "Representative Rep Vice "
    "Executive General Director Organizer Organiser Steward Negotiators Bargaining Last Next Today Yesterday "
    "Tonight He She They We You Who What When Where".split()
)
REPRESENTS = re.compile(r"^\s*(?:\([A-Z]{2,9}\))?\s*,?\s*(?:which|that|who)\s+(?:also\s+)?represents?\b")
NAME_BEFORE = re.compile(
    r"(?=[A-Z])\b([A-Z][\w’'&-]*(?:[ \t]+(?:(?:of|and|for|the|&)[ \t]+)*[A-Z][\w’'&-]*){0,7})$"
)
APPOSITIVE_UNION = re.compile(
    r"(?=[ \t,])(?:[ \t]+\([A-Z][A-Za-z&-]{1,9}\))?"
    r"(?:,|[ \t]+[-–—])[ \t]+(?:the|a|an)[ \t]+"
    r"(?:[\w’'-]+[ \t]+){0,3}?(?:(?:union|unions|labou?r[ \t]+(?:organi[sz]ation|group|federation|alliance|"
    r"coalition))"
    r"[ \t]+(?:that|which|who|representing|for)\b|(?:coalition|alliance|federation|confederation|network|"
    r"movement)[ \t]+"
    r"(?:of|for)[ \t]+(?:[\w’'-]+[ \t]+){0,3}?(?:unions|workers|employees|doctors|nurses|teachers|drivers|"
    r"groups[ \t]+that[ \t]+represent))"
)
LEADING_NOISE = re.compile(
    r"^(?:(?:of|the|and|for|The|A|An|In|On|At|After|Before|While|When|Members|Both|Meanwhile|But|And|Last|This|That|"
    r"Since|Under|With|Without|For|From|As|If|Local|Now|Then|So|Also|Leaders|Officials|President|"
    r"(?:Nurses|Teachers|Workers)(?![ \t]+(?:and|&)[ \t])|Several|Many|Some|Thousands|Hundreds|Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"According|Meanwhile|However|Today|Yesterday|Tonight|Besides|Including|Among|Like|Unlike|Despite|Either|Neither|"
    r"Together|Along|Led|Representing|Joining|Striking|Caption|Photo|Photos|Image|Credit|Video|File|Watch|Read|"
    r"Related|Largest|Biggest|Dear|Update|Updated|Breaking|BREAKING|UPDATE|Exclusive|Opinion|Editorial|Via|Inside|"
    r"Contact|Email|Press|Release|Statement|Chief|Spokesperson|Spokesman|Spokeswoman)\s+)+"
)
TRAILING_NOISE = re.compile(r"(?:\s+(?:of|and|for|the|de|des|du|la|le|del|&))+$")
_TITLE = (
    r"(?:(?:Deputy|Vice|Assistant|Executive|Regional|Acting|Interim|Former|First|General|International|National|"
    r"Senior|Associate)[ \t-]+)*"
    r"(?:President|Secretary-Treasurer|Secretary|Treasurer|Chair|Chairman|Chairwoman|Chairperson|Director|"
    r"Spokesman|Spokeswoman|Spokesperson|Organi[sz]er|Representative|Business[ \t]+(?:Manager|Agent)|Counsel|"
    r"Executive[ \t]+Board|Leader|Chief|Steward|Members?|Head|CEO)"
)
TITLE_CUT = re.compile(rf"[ \t]+{_TITLE}\b(?:[ \t]+[A-Z].*|[ \t]*$)")
_HEADLIKE = re.compile(
    rf"(?:{UNION_HEADS}|Association|Council|Committee|Organization|Organisation|Conference|Order|Institute|Workers|"
    r"Employees|Network|Coalition|Alliance|Confederation)$"
)
_HEAD_ANY = re.compile(rf"\b(?:{UNION_HEADS}|Association|Council|Organization|Organisation|Order)\b")
GENERIC_UNION = re.compile(
    r"^(?:(?:Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Dozen|Dozens|Several|Many|Multiple|Various|"
    r"Both|All|Other|Some|Major|Largest|Biggest|Main|Trade|Labou?r|Global|Public|Independent|Rival|Member|Allied|"
    r"Affiliated|Local|Striking|Sister|Partner|Big|Top|Key|Leading|Powerful|National|International|Federal|State|"
    r"Teacher[’']s|Nurse[’']s|Worker[’']s|Union|\d[\d,]*)\s+)+(?:Trade\s+|Labou?r\s+)?"
    r"(?:Unions?|Guilds?|Federations?|Associations?|Councils?|Coalitions?|Alliances?)$"
)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ic|an)$")
_US_STATES = (
    r"Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|"
    r"Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|"
    r"Montana|Nebraska|Nevada|New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York|North\s+Carolina|North\s+Dakota|"
    r"Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\s+Island|South\s+Carolina|South\s+Dakota|Tennessee|Texas|Utah|Vermont|"
    r"Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming"
)
# "SEIU 1199 New England", "1199SEIU United Healthcare Workers East", "SEIU 1199 WV/KY/OH"
REGION_TAIL = re.compile(
    rf"^[ \t]+((?:[A-Z][a-z]+[ \t]+){{0,2}}(?:Workers|Employees)(?:[ \t]+(?:East|West|North|South))?|"
    rf"New[ \t]+England|"
    rf"Upstate|Northwest|Northeast|Southwest|Southeast|Midwest|East|West|{_US_STATES}|[A-Z]{{2}}(?:/[A-Z]{{2}})+)(?![\w-])"
)
_HYPHEN_TAIL = re.compile(
    r"-[A-Z][\w’'&]*(?:[ \t]+[A-Z][\w’'&]*){0,4}?[ \t]+(?:Workers|Employees)(?:[ \t]+(?:East|West|North|"
    r"South))?\b"
)
_COMPASS_TAIL = re.compile(r"^[ \t]+(?:East|West|North|South|Northwest|Northeast|Southwest|Southeast)\b")


@dataclass
class OrgMention:
    text: str
    start: int
    end: int


@dataclass
class UnionGroup:
    """All the forms by which one union is named in an article."""

    base: str  # affiliation's full name when known ("Service Employees International Union")
    local: str | None
    forms: Counter[str] = field(default_factory=Counter)
    mentions: list[OrgMention] = field(default_factory=list)
    acronyms: set[str] = field(default_factory=set)
    unit: str = "Local"  # what the text calls the local: "Local", "Lodge", "District Council", "Division"

    @property
    def key(self) -> tuple[str, str | None]:
        return (_norm(self.base), self.local)

    def organization(self) -> Organization:
        designator = f"{self.unit} {self.local}" if self.local else ""
        name = self.base + (f" {designator}" if self.local and designator not in self.base else "")
        if self.local is None or self.base.split()[0].isupper():
            # keep the longest written form if it is fuller than the constructed one
            forms = [
                f
                for f in self.forms
                if not self.local or set(re.findall(r"\d+", f)) <= set(re.findall(r"\d+", name))
            ]
            longest = max(forms, key=len) if forms else name
            if len(longest) > len(name) and not _is_acronym(longest):
                name = longest
        aliases = sorted(
            {f for f in self.forms if f != name} | {a for a in self.acronyms if a != name},
            key=lambda s: (-len(s), s),
        )
        if self.local:
            for a in sorted(self.acronyms):
                form = f"{a} {designator}"
                if form not in aliases and form != name:
                    aliases.insert(0, form)
        return Organization(name=name, aliases=aliases)

    def count(self) -> int:
        return len(self.mentions)


@functools.lru_cache(maxsize=16384)
def _norm(s: str) -> str:
    """Lower case, no punctuation, no "of"/"the".

    "United Teachers of Los Angeles" = "United Teachers Los Angeles".
    """
    return " ".join(w for w in re.sub(r"[^\w\s]", " ", s.lower()).split() if w not in ("of", "the"))


def _is_acronym(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&-]{1,9}", s))


def _cut_possessor(name: str) -> str:
    """A possessor before a name goes ("Las Vegas' Culinary Union" -> "Culinary Union").

    A plural possessive of workers is part of the name: "Nurses’ Association", "Actors' Equity".
    """
    cut = 0
    for m in re.finditer(r"([\w.-]+)([’'](?:s)?)[ \t]+(?=[A-Z])", name):
        word, mark = m.group(1), m.group(2)
        if len(mark) == 1 and word.endswith("s") and _WORKERS.fullmatch(word):
            continue  # a plural possessive of workers is part of the name
        cut = m.end()
    return name[cut:]


def _clean(name: str) -> str:
    name = name.strip()
    name = _cut_possessor(name)
    # "John Deere and the United Auto Workers": keep the union side of a conjunction
    m = re.search(r"[ \t]+and[ \t]+the[ \t]+(?=[A-Z])", name)
    if m:
        name = name[m.end() :]
    # "GM and UAW Local 2": a lone word before a known union
    m = re.match(r"^[A-Z][\w.&-]*[ \t]+(?:and|&)[ \t]+([A-Z][\w-]*)", name)
    if m and (m.group(1) in _ACR_FULL or m.group(1) in _NAME_FULL):
        name = name[m.start(1) :]
    # "Toxic Waste The Federal Unionists Network": a headline runs into the name
    name = re.sub(r"^.*[ \t](?=The[ \t]+[A-Z])", "", name)
    # "Hagerstown-based Local 102"
    name = re.sub(
        r"^(?:\S+[ \t]+)*?\S+-(?:based|area|wide|owned|run|led|affiliated|represented)[ \t]+", "", name
    )
    name = LEADING_NOISE.sub("", name)
    # "Sara Nelson of the Association of Flight Attendants": a person or a body of the union
    for m in re.finditer(r"[ \t]+of[ \t]+(?:the[ \t]+)?(?=[A-Z])", name):
        left, right = name[: m.start()], name[m.end() :]
        if not _HEADLIKE.search(left) and not FOREIGN_HEADS.search(left) and _HEAD_ANY.search(right):
            name = right
        break
    # "... Federation of Teachers President Jane Roe": a title and a name follow the union
    m = TITLE_CUT.search(name)
    if m and m.start() > 0:
        name = name[: m.start()]
    name = TRAILING_NOISE.sub("", name)
    name = re.sub(r"[’']s?$", "", name)  # "Employees’ (CUPE)": a plural's possessive
    return name.strip(" ,.-")


@dataclass
class Parties:
    """What an article says about who is who."""

    unions: list[UnionGroup]
    acronyms: dict[str, str]  # acronym -> full form, as defined in the text
    employer_aliases: dict[str, str] = field(default_factory=dict)

    def union_at(self, start: int, end: int) -> list[UnionGroup]:
        """Unions mentioned within [start, end) of the article text, in the order of ``unions``."""
        index = self._index()
        lo = bisect.bisect_left(index, (start, -1))
        hit = set()
        for pos, gi in index[lo:]:
            if pos >= end:
                break
            hit.add(gi)
        return [self.unions[i] for i in sorted(hit)]

    def _index(self) -> list[tuple[int, int]]:
        """(mention start, group number) for every union mention, sorted; built once."""
        idx = self.__dict__.get("_mention_index")
        if idx is None:
            idx = sorted((m.start, gi) for gi, g in enumerate(self.unions) for m in g.mentions)
            self.__dict__["_mention_index"] = idx
        return idx

    def main_union(self) -> UnionGroup | None:
        if not self.unions:
            return None
        return max(self.unions, key=lambda g: (g.count(), -min(m.start for m in g.mentions)))


def _union_like(name: str) -> bool:
    if NOT_UNIONS.search(name):
        return False
    if re.search(rf"\b{UNION_HEADS}\b", name):
        return True
    return bool(_WORKERS.search(name) or FOREIGN_HEADS.search(name))


def _unit(word: str) -> str:
    w = re.sub(r"\s+", " ", word)
    if w in ("Locals", "Local"):
        return "Local"
    if w in ("Lodges", "Lodge"):
        return "Lodge"
    return "District" if w == "Dist." else w


def _headline_context(text: str, start: int, end: int) -> bool:
    """The name sits in a title-case run: a headline ("... Refuses to Allow Union Election")."""
    small = {"of", "and", "the", "to", "for", "a", "an", "in", "on", "at", "by", "with", "vs", "as", "over"}
    after = re.split(r"[.,;:!?\"“”()\[\]—–|\n]", text[end : end + 60], maxsplit=1)[0].split()
    before = re.split(r"[.,;:!?\"“”()\[\]—–|\n]", text[max(0, start - 50) : start][::-1], maxsplit=1)[0][
        ::-1
    ].split()
    if after and re.match(_TITLE + r"$", after[0]):
        return False  # "... Association President Mary Roe says"
    words = [w for w in before[-3:] + after[:3] if w.lower() not in small]
    if len([w for w in after[:3] if w.lower() not in small]) < 1 or len(words) < 3:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() for w in words)


@dataclass
class _Raw:
    form: str
    start: int
    end: int
    local: str | None = None
    acr: str | None = None
    unit: str = "Local"
    kind: str = "pattern"  # pattern | known | local | bare | cue
    written: str | None = None


def _starts_known(s: str) -> bool:
    words = s.split()
    if not words:
        return False
    if words[0].split("-")[0] in _ACR_FULL:
        return True
    return any(" ".join(words[:n]) in _KNOWN_NAMES_ONLY for n in (1, 2, 3))


def _split_and(form: str) -> list[tuple[str, int]]:
    """A name that runs over "and" into a known union is two names.

    What is before the "and" counts only if it is a union itself.
    """
    for m in re.finditer(r"[ \t]+(?:and|&)[ \t]+(?:the[ \t]+)?", form):
        right = form[m.end() :]
        if _starts_known(right):
            left = form[: m.start()]
            out = [(right, m.end())]
            if _HEAD_ANY.search(left) and _union_like(left) and len(left) >= 6:
                out.insert(0, (left, 0))
            return out
    return [(form, 0)]


def _bad_name(base: str) -> bool:
    """Not a union's name: a count or a generic phrase, a lone adjective, "X Unions"."""
    if GENERIC_UNION.match(base):
        return True
    words = base.split()
    if len(words) == 1:
        return bool(_DEMONYM.match(base)) and base not in _NAME_FULL
    if len(words) == 2 and words[1] == "Unions":
        return True
    if len(words) == 2 and words[1] == "Union" and not _WORKERS.search(words[0]) and base not in _NAME_FULL:
        return True
    return False


# Table acronyms that are unions only with a cue nearby (a local, "union", "members", a title):
# "UE 228", "the PCS union".
_NEEDS_CUE = frozenset(
    {
        "UE",
        "PCS",
        "RCN",
        "UGT",
        "EVG",
        "FAE",
        "CSN",
        "APTS",
        "EIS",
        "FOP",
        "BMA",
        "NEU",
        "UFT",
        "CGT",
        "FO",
        "USO",
    }
)


def _known_pattern(keys: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    first = "".join(sorted({re.escape(k[0]) for k in keys}))
    return re.compile(
        rf"(?=[{first}])(?<!\w)(?<![A-Z0-9]-)({alts})(?!\w|-[A-Z0-9])(?![’']s\s+(?:union|members))"
    )


def _static_known() -> dict[str, str]:
    known: dict[str, str] = {}
    for acr, full in _ACR_FULL.items():
        if acr not in _NEEDS_CUE:
            known[acr] = full
    known.update(_NAME_FULL)
    for full in {*_ACR_FULL.values(), *_NAME_FULL.values()}:
        if len(full.split()) >= 2:
            known.setdefault(full, full)
    return known


_KNOWN = _static_known()
_KNOWN_RX = _known_pattern(list(_KNOWN))
# a known union's full name (normalized) -> its acronyms
_ACRS_BY_FULL: dict[str, set[str]] = {
    _norm(full): {a for a, f in _ACR_FULL.items() if _norm(f) == _norm(full)}
    for full in set(_ACR_FULL.values())
}
_ACR_DEF_RX = re.compile(
    r"(?=[A-Z])\b([A-Z][\w’'.&-]*(?:\s+(?:[A-Z][\w’'.&-]*|of|and|for|the|&)){1,9})\s+\(([A-Z][A-Za-z&-]{1,9})\)"
)
_CUE_ALTS = "|".join(sorted(_NEEDS_CUE))
_CUE_NEEDED_RX = re.compile(
    rf"(?=[A-Z])(?<![\w-])({_CUE_ALTS})(?={_SP}(?:{_DESIG}{_SP})?\d{{2,5}}\b|{_SP}(?:members|union|(?:first{_SP}|general{_SP})?"
    rf"(?:vice-)?president|secretary|leader)\b)"
    rf"|(?=[plms])\b(?:president|leader|members|secretary)\s+of\s+the\s+({_CUE_ALTS})\b"
)
_UNION_WORDS_NEEDED = ("Union", "Federation", "Brotherhood", "Guild", "Teamsters", "Steelworkers", "Congress",
                       "Alliance", "Coalition")
# words one of which a text must hold for each of UNION_RXS to be worth running
_UNION_RX_NEEDS: tuple[tuple[str, ...], ...] = (
    _UNION_WORDS_NEEDED,
    _UNION_WORDS_NEEDED,
    ("Association", "Council", "Committee", "Organization", "Organisation", "Conference"),
    ("Workers", "Employees"),
    ("Workers",),
    (
        "Rising",
        "United",
        "Unite",
        "Alliance",
        "Coalition",
        "Collective",
        "Network",
        "Caucus",
        "Assembly",
        "Solidarity",
        "Together",
        "Movement",
        "Power",
        "Committee",
    ),
)
_TURKISH_TAIL = re.compile(r"-(?:İş|Is|Iş|Sen)\b")
_DIGIT_CAP = re.compile(r"\d[A-Z]")
_NEEDS_FOREIGN_SECOND = frozenset(
    {"Union", "Alliance", "Association", "Federation", "Confederation", "Centrale"}
)
_HEADLINE_KINDS = frozenset({"pattern", "cue"})


def _year_like(num: str, rest: str) -> bool:
    """ "the SEIU 2024 convention", "UAW 2023-2024 bargaining": a year, not a local."""
    first, _, second = num.partition("-")
    if not re.fullmatch(r"19[5-9]\d|20[0-4]\d", first):
        return False
    return bool(re.fullmatch(r"\d{2}|\d{4}", second)) or bool(_YEAR_NOUN.match(rest))


def _cue_ok(name: str, acronyms: dict[str, str]) -> bool:
    if name in STOP_ACRONYMS or name in EMPLOYER_ACRONYMS or name in _CAP_COMMON or len(name) < 2:
        return False
    if name in acronyms and not _union_like(acronyms[name]) and name not in _ACR_FULL:
        return False  # the text defined it as something else ("General Motors (GM)")
    return not (name[1:].islower() and _DEMONYM.match(name))


def find_unions(text: str) -> Parties:
    """Every union named in ``text``, grouped, with the acronyms the text defines."""
    raws: list[_Raw] = []
    acronyms: dict[str, str] = {}

    def extend(r: _Raw, numbered: bool) -> None:
        """What follows a name: its acronym "(SEIU)", a local "Local 99" / "District Council 33" / "2015"."""
        after = text[r.end : r.end + 70]
        m = ACRONYM_DEF.match(after)
        if m:
            r.acr = m.group(1) or m.group(2)
            if m.group(1):
                lm = LOCAL_AFTER.match(text[r.end + m.end() : r.end + m.end() + 40])
                if lm:
                    r.local, r.unit = lm.group(3), _unit(lm.group(2))
                    r.end += m.end() + lm.end()
            return
        lm = LOCAL_AFTER.match(after)
        if lm:
            r.acr = lm.group(1) or r.acr
            r.local, r.unit = lm.group(3), _unit(lm.group(2))
            r.end += lm.end()
            return
        if numbered:
            nm = LOCAL_NUMBER_AFTER.match(after)
            if nm and not _year_like(nm.group(1), after[nm.end() :]):
                r.local, r.unit = nm.group(1), ""  # no word says what the local is called
                r.end += nm.end()
                tm = REGION_TAIL.match(text[r.end : r.end + 50])
                if tm:
                    r.end += tm.end()
                    r.written = text[r.start : r.end]

    def push(form: str, start: int, kind: str = "pattern", numbered: bool = False) -> _Raw:
        r = _Raw(form, start, start + len(form), kind=kind)
        extend(r, numbered)
        raws.append(r)
        return r

    def place(raw_form: str, raw_start: int) -> tuple[str, int] | None:
        form = _clean(raw_form)
        off = raw_form.find(form) if form else -1
        if off < 0:
            return None
        return form, raw_start + off

    # --- names by pattern -----------------------------------------------------------------------
    rxs = [(gi, rx) for gi, rx in enumerate(UNION_RXS, 1) if any(n in text for n in _UNION_RX_NEEDS[gi - 1])]
    for gi, m in ((gi, m) for gi, rx in rxs for m in rx.finditer(text)):
        got = place(m.group(1), m.start(1))
        if got is None:
            continue
        form, s = got
        if len(form) < 6:
            continue
        after = text[s + len(form) : s + len(form) + 60]
        if gi == 3 and not (_WORKERS.search(form) or REPRESENTS.match(after)):
            continue
        if not _union_like(form) and not REPRESENTS.match(after):
            continue
        if len(form.split()) == 1 and form not in _NAME_FULL:
            continue
        # "SEIU-United Healthcare Workers West": the affiliation in front, a region behind
        pm = re.search(r"(?<![\w-])([A-Z]{2,8})-$", text[max(0, s - 10) : s])
        if pm and (pm.group(1) in _ACR_FULL):
            s -= len(pm.group(0))
            form = pm.group(0) + form
        hm = _HYPHEN_TAIL.match(text, s + len(form))
        if hm:
            form = text[
                s : hm.end()
            ]  # "Service Employees International Union-United Healthcare Workers West"
        elif pm or re.search(r"\b(?:Workers|Employees)$", form):
            tm = _COMPASS_TAIL.match(text[s + len(form) : s + len(form) + 12])
            if tm:
                form = text[s : s + len(form) + tm.end()]
        for part, off in _split_and(form):
            push(part, s + off, numbered=part.endswith("Union"))
    for m in FOREIGN_RX.finditer(text):
        head = m.group(1).split()[0]
        if head in _NEEDS_FOREIGN_SECOND and not _FOREIGN_SECOND.match(m.group(1)):
            continue
        got = place(m.group(1), m.start(1))
        if got is None:
            continue
        form, s = got
        if len(form.split()) < 2 or not form.startswith(head):
            continue
        r = push(form, s)
        bm = ACRONYM_BEFORE.search(text[max(0, s - 15) : s])
        if bm and not r.acr:
            r.acr = bm.group(1)
    for m in TURKISH_RX.finditer(text) if _TURKISH_TAIL.search(text) else ():
        got = place(m.group(1), m.start(1))
        if got is not None:
            push(got[0], got[1])
    for m in ASSOC_OF_RX.finditer(text):
        got = place(m.group(1), m.start(1))
        if got is not None:
            for part, off in _split_and(got[0]):
                if _union_like(part) and len(part.split()) >= 3:
                    push(part, got[1] + off)
    # a name before a lowercase "union" or "local": "the Basic Crafts unions", "... Grain Millers local"
    for w in UNION_WORD.finditer(text):
        m = RUN_BEFORE.search(text, max(0, w.start() - 120), w.start())
        if m is None:
            continue
        run = m.group(1)
        if "," not in run:
            parts = re.split(r"[ \t]+(?:and|&)[ \t]+", run)
            if len(parts) == 2 and all(_WORKERS.search(p) or p in _NAME_FULL for p in parts):
                run = parts[1]  # "the Hollywood Teamsters and Basic Crafts unions"
        got = place(run, m.start(1) + m.group(1).find(run))
        if got is None:
            continue
        form, s = got
        if (
            len(form.split()) >= 2
            and _WORKERS.search(form)
            and not NOT_UNIONS.search(form)
            and not _HEAD_ANY.search(form)
        ):
            push(form, s)
    # an apposition that says what the name is: "United Teachers of Los Angeles, the union representing ..."
    for a in APPOSITIVE_UNION.finditer(text):
        m = NAME_BEFORE.search(text, max(0, a.start() - 100), a.start())
        got = place(m.group(1), m.start(1)) if m else None
        if got is None:
            continue
        form, s = got
        if NOT_UNIONS.search(form) or form in _CAP_COMMON or _DEMONYM.match(form) or len(form) < 2:
            continue
        if len(form.split()) == 1 and not (
            form.isupper() or "coalition" in a.group(0) or "alliance" in a.group(0)
        ):
            continue
        push(form, s, kind="cue", numbered=True)

    # --- acronyms ---------------------------------------------------------------------------------
    union_acrs: dict[str, str] = {}  # acronym -> full name, for unions
    for r in sorted(raws, key=lambda r: -len(r.form)):
        if r.acr and r.acr not in acronyms:
            acronyms[r.acr] = r.form
            union_acrs[r.acr] = r.form
    for m in _ACR_DEF_RX.finditer(text):
        full, acr = _clean(m.group(1)), m.group(2)
        if acr not in acronyms and _initials_match(acr, full):
            acronyms[acr] = full
    for acr, full in acronyms.items():
        if acr not in union_acrs and (_union_like(full) or acr in _ACR_FULL):
            union_acrs[acr] = full
    # "the union representing graduate workers (TUGSA)": an acronym defined for a union
    for m in re.finditer(r"\b[Uu]nion\b[^.()]{0,70}?\(([A-Z][A-Z&-]{2,9})\)", text):
        acr = m.group(1)
        if acr not in acronyms and acr not in _KNOWN and _cue_ok(acr, acronyms):
            union_acrs[acr] = acr
    # acronyms a sentence calls a union: "the CGT union", "trade union Verdi",
    # "union confederation, the CGTP,"
    for m in ACR_BEFORE_UNION.finditer(text):
        names = re.findall(r"[A-Z][\w&-]*", m.group(1))
        if m.group(2) == "unions" and (len(names) == 1 or not any(n in _ACR_FULL for n in names)):
            continue  # "the LIRR unions", "the MTA and LIRR unions": the unions of an employer
        if not _cue_ok(names[0], acronyms):
            continue
        for n in names:
            if _cue_ok(n, acronyms):
                union_acrs.setdefault(n, _ACR_FULL.get(n, n))
    for m in ACR_LIST.finditer(text):
        names = re.findall(r"[A-Z][\w&-]*", m.group(1))
        if any(n in _KNOWN for n in names):
            for n in names:
                if n in _NEEDS_CUE:
                    union_acrs.setdefault(n, _ACR_FULL[n])
    for m in ACR_AFTER_UNION.finditer(text):
        comma, name = m.group(1), m.group(2)
        rest = text[m.end() : m.end() + 30]
        if name.isupper():
            if comma and not re.match(r"^\s*[,)]", rest):
                continue  # "a deal with the union, the MTA said"
        elif comma or not _AFTER_NAME_OK.match(rest):
            continue
        if _cue_ok(name, acronyms):
            union_acrs.setdefault(name, _ACR_FULL.get(name, _NAME_FULL.get(name, name)))
    for m in _CUE_NEEDED_RX.finditer(text) if any(a in text for a in _NEEDS_CUE) else ():
        acr = m.group(1) or m.group(2)
        union_acrs.setdefault(acr, _ACR_FULL[acr])
    # compound acronyms: "UPTE-CWA", "IUE-CWA", "SEIU-UHW" (not "UAW-GM")
    for m in COMPOUND_ACR.finditer(text):
        c = m.group(1)
        parts = c.split("-")
        if c in _KNOWN or c in union_acrs or any(p in EMPLOYER_ACRONYMS for p in parts):
            continue
        if not any(p in _ACR_FULL or p in union_acrs for p in parts) or _NOT_NAME_AFTER.match(
            text[m.end() :]
        ):
            continue
        union_acrs[c] = acronyms.get(c, c)
        if parts[0] not in _ACR_FULL and parts[0] not in union_acrs and parts[0] not in STOP_ACRONYMS:
            union_acrs[parts[0]] = union_acrs[c]  # "UPTE" later names "UPTE-CWA"

    # --- known names and acronyms -----------------------------------------------------------------
    known = dict(_KNOWN)
    for acr, full in union_acrs.items():
        known[acr] = full
    for m in _KNOWN_RX.finditer(text):
        push(m.group(1), m.start(1), kind="known", numbered=True)
    dyn = [a for a in union_acrs if a not in _KNOWN]
    if dyn:
        for m in _known_pattern(dyn).finditer(text):
            push(m.group(1), m.start(1), kind="known", numbered=True)
    # "1199SEIU", "32BJ SEIU", "1199NE SEIU": the local's number in front
    for m in NUMBER_GLUED.finditer(text) if _DIGIT_CAP.search(text) else ():
        num, acr = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if acr not in known or acr in STOP_ACRONYMS:
            continue
        r = _Raw(acr, m.start(), m.end(), local=num, unit="", kind="known")
        tm = REGION_TAIL.match(text[r.end : r.end + 50])
        if tm:
            r.end += tm.end()
        r.written = text[r.start : r.end]
        raws.append(r)
    # "Local 99 of SEIU"
    for m in LOCAL_OF.finditer(text):
        aff = m.group(2).split()[0] if m.group(2).split()[0] in known else m.group(2)
        if aff in known or _union_like(aff):
            raws.append(_Raw(m.group(0), m.start(), m.end(), local=m.group(1), kind="local"))

    # --- one name per stretch of text: the longest ------------------------------------------------
    kept: list[_Raw] = []
    for r in sorted(raws, key=lambda r: (-(r.end - r.start), r.start)):
        if not any(r.start < k.end and k.start < r.end for k in kept):
            kept.append(r)
    # locals no rule has claimed: "Teamster Local 100", "IFPTE Local 21", "Laborers (LIUNA) Local 724",
    # a bare "Local 84707"
    for m in DESIG_NUMBER.finditer(text):
        if any(k.start <= m.start() < k.end for k in kept):
            continue
        word, num = m.group(1), m.group(2)
        unit = _unit(word)
        win = text[max(0, m.start() - 100) : m.start()]
        pm = PRE_LOCAL.search(win)
        r = None
        run = _clean(pm.group(1)) if pm else ""
        off = pm.group(1).find(run) if pm and run else -1
        if pm and off >= 0:
            s = m.start() - len(win) + pm.start(1) + off
            # "Fellow Local 54", "Maine Local 2327": a lone word is a name only if it is an acronym,
            # a known name or workers
            lone = " " not in run and not (
                run.isupper() or run in known or run + "s" in known or _WORKERS.fullmatch(run)
            )
            if (
                len(run) >= 2
                and not lone
                and run not in _CAP_COMMON
                and not _DEMONYM.fullmatch(run)
                and (unit in ("Local", "Lodge") or _union_like(run) or run in known)
            ):
                acr = pm.group(2)
                if acr and acr in known and run not in known:
                    # "Laborers (LIUNA) Local 812": the acronym names the affiliation
                    r = _Raw(
                        acr,
                        s,
                        m.end(),
                        local=num,
                        unit=unit,
                        acr=acr,
                        kind="local",
                        written=text[s : m.end()],
                    )
                else:
                    r = _Raw(run, s, m.end(), local=num, unit=unit, acr=acr, kind="local")
                    if acr:
                        acronyms.setdefault(acr, run)
        if r is None and unit in ("Local", "Lodge", "District Council"):
            r = _Raw(
                f"{unit} {num}",
                m.start(),
                m.end(),
                local=num,
                unit=unit,
                kind="bare",
                written=f"{unit} {num}",
            )
        if r is None:
            continue
        inside = [k for k in kept if r.start <= k.start and k.end <= r.end]
        if not any(r.start < k.end and k.start < r.end for k in kept if k not in inside):
            kept = [k for k in kept if k not in inside]
            kept.append(r)
    # more locals after the first: "Locals 12003 and 12012", "Locals 81359/81380",
    # "Locals 2100, 2108, and 6215"
    for r in list(kept):
        if not r.local:
            continue
        e = r.end
        while True:
            mm = EXTRA_LOCAL.match(text[e : e + 24])
            if (
                not mm
                or len(mm.group(1)) < 2
                or re.match(
                    r"^\s*(?:other|more|of|percent|per|workers|members|employees|people|%)",
                    text[e + mm.end() : e + mm.end() + 12],
                )
            ):
                break
            e += mm.end()
            num = mm.group(1)
            unit = r.unit or "Local"
            if r.kind != "bare" and not r.written:
                r.written = f"{r.form} {unit} {r.local}"
            form = f"{unit} {num}" if r.kind == "bare" else r.form
            kept.append(
                _Raw(
                    form,
                    r.start,
                    e,
                    local=num,
                    unit=r.unit,
                    acr=r.acr,
                    kind=r.kind,
                    written=f"{form} {unit} {num}" if r.kind != "bare" else form,
                )
            )

    # --- groups -----------------------------------------------------------------------------------
    groups: dict[tuple[str, str | None], UnionGroup] = {}
    kinds: dict[tuple[str, str | None], set[str]] = {}
    strong: dict[tuple[str, str | None], bool] = {}
    named_unit: dict[tuple[str, str | None], bool] = {}
    for r in sorted(kept, key=lambda r: r.start):
        base = r.form if r.kind == "bare" else _base_name(r.form, known, acronyms)
        if base is None:
            continue
        key = (re.sub(r"s$", "", _norm(base)), r.local)
        g = groups.get(key)
        if g is None:
            g = groups[key] = UnionGroup(base=base, local=r.local, unit=r.unit or "Local")
            kinds[key] = set()
            strong[key] = False
            named_unit[key] = bool(r.unit)
        if r.unit and not named_unit[key]:
            g.unit, named_unit[key] = r.unit, True  # "IAM 837" first, "IAM District 837" later
        written = r.written or (text[r.start : r.end] if r.local else r.form)
        g.forms[written.strip(" ,")] += 1
        g.mentions.append(OrgMention(r.form, r.start, r.end))
        kinds[key].add(r.kind)
        if r.kind not in _HEADLINE_KINDS or not _headline_context(text, r.start, r.end):
            strong[key] = True
        if r.acr:
            g.acronyms.add(r.acr)
        for a, full in acronyms.items():
            if a in union_acrs and (_norm(full) == _norm(base) or _norm(full) == _norm(r.form)):
                g.acronyms.add(a)
        g.acronyms |= _ACRS_BY_FULL.get(_norm(base), set())
    # names that are no union's: counts, generic phrases, fragments of title-case headlines
    for key in list(groups):
        if kinds[key] <= _HEADLINE_KINDS and (_bad_name(groups[key].base) or not strong[key]):
            groups.pop(key)
    # an affiliation named without a local belongs to its only local in the article;
    # a bare "Local 84707" belongs to the one union with that local
    for key in list(groups):
        base, local = key
        if local is None:
            targets = [k for k in groups if k[0] == base and k[1] is not None]
        elif kinds[key] == {"bare"}:
            targets = [k for k in groups if k[1] == local and k != key and kinds[k] != {"bare"}]
        else:
            continue
        if len(targets) == 1:
            src, dst = groups.pop(key), groups[targets[0]]
            dst.forms.update(src.forms)
            dst.mentions.extend(src.mentions)
            dst.mentions.sort(key=lambda m: m.start)
            dst.acronyms |= src.acronyms
    return Parties(unions=list(groups.values()), acronyms=acronyms)


def _initials_match(acr: str, full: str) -> bool:
    letters = [
        w[0].upper()
        for w in re.findall(r"[A-Za-z][\w’'-]*", full)
        if w.lower() not in ("of", "and", "for", "the", "&")
    ]
    a = acr.replace("-", "").upper()
    # one letter of the acronym may be missing from the initials ("TPFF", Tallahassee Professional
    # Firefighters), where three initials at least agree: "ULP" (unfair labor practice) is not
    # "UFCW Local 7", whose initials are only U and L
    return (
        len(a) >= 2
        and "".join(letters).startswith(a[:2])
        and (a in "".join(letters) or (len(set(a) - set(letters)) <= 1 and len(letters) >= 3))
    )


def _base_name(form: str, known: dict[str, str], acronyms: dict[str, str]) -> str | None:
    f = re.sub(
        r"^(?:Locals?|Lodge|District\s+Council)\s+(?:No\.\s*|#\s*)?[\d-]+\s+of\s+(?:the\s+)?", "", form
    )
    f = re.sub(rf"\s*,?\s*(?:\([A-Z][A-Za-z&-]+\)\s*)?{_DESIG}\s+(?:No\.\s*|#\s*)?\d.*$", "", f).strip(" ,")
    f = re.sub(r"\s+\d{2,6}$", "", f)
    if not f:
        return None
    if f in known:
        return known[f]
    if f in acronyms:
        return acronyms[f]
    if f + "s" in known and not _is_acronym(f):
        return known[f + "s"]  # "Teamster Local 100"
    first = f.split()[0] if f.split() else ""
    if first in known and len(f.split()) == 1:
        return known[first]
    nf = _norm(f)
    for full in known.values():
        if _norm(full) == nf:
            return full
    # "Service Employees International SEIU" style noise: keep as written
    return f


# --- employers ------------------------------------------------------------------

NOT_EMPLOYERS = re.compile(
    r"^(?:AP|Associated\s+Press|Reuters|CNN|NBC|CBS|ABC|Fox|KTLA|PTI|AFP|Bloomberg|NPR|BBC|UPI|KIMT|WSAZ|KSNT|WCTV|"
    r"National\s+Labor\s+Relations\s+Board|NLRB|Fair\s+Work\s+Commission|Bureau\s+of\s+Labor\s+Statistics|"
    r"Department\s+of\s+Labor|Labor\s+Department|Congress|Senate|House|White\s+House|Democratic\s+Party|Republican\s+Party|"
    r"Facebook|Twitter|X|Instagram|YouTube|LinkedIn|Getty\s+Images|Union|Local|Board|State|City\s+Council|Council|"
    r"Legislature|Supreme\s+Court|Court|the\s+Associated\s+Press|Eater|Patch|Axios|Newsweek|Reuters\s+reports|"
    r"Unfair\s+Labou?r\s+Practices?|Photo\w*.*|.*\bPhoto\b.*|Getty.*|.*\bNews\b.*|.*\bTimes\b|.*\bPost\b|.*\bJournal\b)$",
    re.I,
)
EMPLOYER_RX = re.compile(
    r"\b((?:[A-Z][\w’'.&-]*\s+){0,5}(?:Unified\s+)?School\s+District|(?:[A-Z][\w’'.&-]*\s+){1,4}Public\s+Schools|"
    r"City\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|(?:[A-Z][\w’'.&-]*\s+){1,4}(?:Medical\s+Center|Hospital|Health\s+Care|Healthcare|Health\s+System)|"
    r"University\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*|(?:[A-Z][\w’'.&-]*\s+){1,3}University|"
    # companies and agencies named by what they are: "Riverbend Metro", "Cascade Coach Lines",
    # "Pellham Logistics"
    r"(?:[A-Z][\w’'.&-]*\s+){1,3}(?:Metro|Transit\s+Authority|Transit\s+District|Airlines|Air\s+Lines|Coach\s+Lines|"
    r"Bus\s+Lines|Motors|Logistics|Foods|Markets|Properties|Hotels?|Resorts?|Casino|Manufacturing|Industries|"
    r"Corporation|Corp\.|Inc\.|Company|Co\.))\b"
)


GENERIC_NAMES = re.compile(
    r"^(?:Healthcare|Health\s+Care|Health|Education|Transit|Labou?r|Management|Company|District|Hospital|"
    r"Hospitals|Schools?|University|Airlines?|Government|Administration|Workers|Staff|Employees|Nurses|Teachers)$",
    re.I,
)
REGIONS = re.compile(
    r"^(?:the\s+)?(?:Pacific\s+Northwest|Midwest|Northeast|Southwest|Southeast|New\s+England|Bay\s+Area|"
    r"Southern\s+California|Northern\s+California|Central\s+Valley|Inland\s+Empire|Gulf\s+Coast|East\s+Coast|"
    r"West\s+Coast|Rust\s+Belt|Sun\s+Belt|Mid-Atlantic|Great\s+Lakes|Appalachia)$",
    re.I,
)
NOT_EMPLOYER_WORDS = re.compile(
    r"[\[\]|]|\b(?:Workers?|Employees|Striking|Strikers?|Begin|Begins|Socialists|Democrats|Republicans|Party|"
    r"Council|Committee|Caucus)\b"
)


def clean_employer(name: str) -> str | None:
    name = re.sub(r"^(?:FILE|File)\s*[-–—:]\s*", "", re.sub(r"\s+", " ", name).strip())
    if NOT_EMPLOYER_WORDS.search(name) or GENERIC_NAMES.match(name.strip()) or REGIONS.match(name.strip()):
        return None
    if any(t in KNOWN_UNIONS for t in re.split(r"[\s/-]+", name)):
        return None  # "SEIU-United Healthcare" is a union
    name = _clean(name)
    name = re.sub(r"^(?:the|The)\s+", "", name)
    name = re.sub(r"[’']s$", "", name).strip()
    if GENERIC_NAMES.match(name):
        return None  # "Columbia-based University"
    if (
        len(name) < 2
        or NOT_EMPLOYERS.match(name)
        or _union_like(name)
        and re.search(rf"\b{UNION_HEADS}\b", name)
    ):
        return None
    if re.fullmatch(r"[\d\W]+", name):
        return None
    return name


def employer_candidates(text: str) -> list[tuple[str, int, int]]:
    """Employer names found by pattern (no model)."""
    out = []
    for m in EMPLOYER_RX.finditer(text):
        name = clean_employer(m.group(1))
        if name:
            s = m.start(1) + m.group(1).find(name) if name in m.group(1) else m.start(1)
            out.append((name, s, s + len(name)))
    return out


def group_employers(names: list[str], acronyms: dict[str, str]) -> list[Organization]:
    """Group employer forms: an acronym joins its full form; a short form joins a longer one."""
    counts = Counter(names)
    orgs: list[Organization] = []
    for name, _ in sorted(counts.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        target = None
        for o in orgs:
            full = acronyms.get(name)
            if full and (_norm(full) == _norm(o.name) or full in o.forms()):
                target = o
                break
            if _norm(name) and (_norm(o.name).startswith(_norm(name) + " ") or _norm(name) == _norm(o.name)):
                target = o
                break
            if _is_acronym(name) and _initials_match(name, o.name):
                target = o
                break
        if target is None:
            full = acronyms.get(name)
            if full and not _union_like(full):
                orgs.append(Organization(name=full, aliases=[name]))
            else:
                orgs.append(Organization(name=name, aliases=[]))
        elif name != target.name and name not in target.aliases:
            target.aliases.append(name)
    return orgs
