"""Fixed vocabularies the generator draws from: countries, partners, people, roles.

Kept apart from the prose templates so a reader can check the facts (who is whose
partner, which country an organisation belongs to) without wading through sentences,
and so tests can verify that every string here survives a round trip through
windows-1251, the encoding the real site declares.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Country:
    """A country as the articles name it: short name, formal name, adjective, cities."""

    name: str
    formal: str
    adjective: str
    cities: tuple[str, ...]
    people: tuple[str, ...]  # invented names of officials from this country

    @property
    def formal_the(self) -> str:
        """The formal name as it reads mid-sentence: "the People's Republic of China"."""
        return self.formal if self.formal == self.name else f"the {self.formal}"


@dataclass(frozen=True, slots=True)
class Organisation:
    """A partner organisation and every way the text may spell it.

    ``name`` is the canonical name the truth reports; ``aliases`` are other spellings
    the prose may use for the first mention; ``short`` are later-mention spellings
    other than the abbreviation; ``title_name`` is how a headline would call it.
    """

    name: str
    country: str | None
    kind: str  # university|institute|academy|society|association|international|ministry|embassy
    abbr: str | None = None
    aliases: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    title_name: str | None = None
    city: str | None = None
    founded: int | None = None
    url: str | None = None
    fields: tuple[str, ...] = field(default=())

    @property
    def needs_article(self) -> bool:
        """Whether the full name takes "the" in running text ("the University of ...")."""
        if self.name.endswith("Institutet"):
            return False
        if self.kind != "university":
            return True
        return self.name.startswith(("University of", "Medical University of"))


COUNTRIES: dict[str, Country] = {
    c.name: c
    for c in (
        Country("China", "People's Republic of China", "Chinese",
                ("Beijing", "Nanjing", "Harbin", "Shenyang", "Zhengzhou"),
                ("Li Wenjun", "Zhang Hao", "Wang Lihua", "Chen Jianguo", "Liu Yang")),
        Country("Russia", "Russian Federation", "Russian",
                ("Moscow", "Saint Petersburg", "Kazan", "Smolensk", "Samara"),
                ("Igor Savelyev", "Elena Morozova", "Andrey Kuznetsov", "Olga Belova",
                 "Mikhail Sorokin")),
        Country("Kazakhstan", "Republic of Kazakhstan", "Kazakh",
                ("Almaty", "Astana", "Karaganda", "Semey"),
                ("Aigerim Nurlanova", "Yerlan Abenov", "Dana Seitkali", "Marat Zhunusov")),
        Country("Uzbekistan", "Republic of Uzbekistan", "Uzbek",
                ("Tashkent", "Samarkand", "Bukhara"),
                ("Bakhodir Yusupov", "Dilnoza Karimova", "Shukhrat Rakhimov")),
        Country("Azerbaijan", "Republic of Azerbaijan", "Azerbaijani", ("Baku",),
                ("Elchin Mammadov", "Leyla Huseynova", "Rashad Aliyev")),
        Country("Turkmenistan", "Turkmenistan", "Turkmen", ("Ashgabat",),
                ("Merdan Atayev", "Gulnara Orazova", "Bayram Nurmuhammedov")),
        Country("Japan", "Japan", "Japanese", ("Nagasaki", "Fukushima", "Akita", "Hiroshima"),
                ("Takashi Yamamoto", "Keiko Sato", "Hiroshi Tanaka", "Naoki Suzuki")),
        Country("Poland", "Republic of Poland", "Polish", ("Poznan", "Lodz", "Szczecin"),
                ("Piotr Nowak", "Anna Kowalczyk", "Tomasz Wisniewski")),
        Country("Lithuania", "Republic of Lithuania", "Lithuanian", ("Vilnius",),
                ("Rasa Petrauskaite", "Tomas Kazlauskas")),
        Country("Germany", "Federal Republic of Germany", "German", ("Greifswald", "Berlin"),
                ("Klaus Berger", "Sabine Hoffmann", "Martin Vogel")),
        Country("Georgia", "Georgia", "Georgian", ("Tbilisi",),
                ("Nino Beridze", "Giorgi Kapanadze")),
        Country("Armenia", "Republic of Armenia", "Armenian", ("Yerevan",),
                ("Armen Grigoryan", "Anahit Sargsyan")),
        Country("Kyrgyzstan", "Kyrgyz Republic", "Kyrgyz", ("Bishkek",),
                ("Nurbek Osmonov", "Aizhan Toktogulova")),
        Country("Tajikistan", "Republic of Tajikistan", "Tajik", ("Dushanbe",),
                ("Farrukh Nazarov", "Gulchehra Saidova")),
        Country("Turkey", "Republic of Turkey", "Turkish", ("Ankara", "Istanbul"),
                ("Mehmet Yildiz", "Ayse Demir")),
        Country("Egypt", "Arab Republic of Egypt", "Egyptian", ("Cairo",),
                ("Ahmed Hassan", "Mona Farouk")),
        Country("Lebanon", "Lebanese Republic", "Lebanese", ("Beirut",),
                ("Karim Haddad", "Rania Khoury")),
        Country("Syria", "Syrian Arab Republic", "Syrian", ("Damascus",),
                ("Omar Al-Khatib", "Lina Haddad")),
        Country("Iran", "Islamic Republic of Iran", "Iranian", ("Tehran",),
                ("Reza Hosseini", "Maryam Ahmadi")),
        Country("Sri Lanka", "Democratic Socialist Republic of Sri Lanka", "Sri Lankan",
                ("Colombo",), ("Nimal Perera", "Dilani Fernando")),
        Country("India", "Republic of India", "Indian", ("New Delhi", "Manipal"),
                ("Rajesh Kumar", "Priya Sharma")),
        Country("Sweden", "Kingdom of Sweden", "Swedish", ("Stockholm",),
                ("Erik Lindqvist", "Karin Johansson")),
        Country("Belgium", "Kingdom of Belgium", "Belgian", ("Antwerp",),
                ("Pieter Janssens", "Marie Dubois")),
    )
}

#: Invented names for officials of bodies that belong to no single country.
INTERNATIONAL_PEOPLE: tuple[str, ...] = (
    "Anna Schmidt", "Jean-Luc Martin", "Helena Novak", "David Collins", "Sofia Marini",
)

_U, _I, _A = "university", "institute", "academy"

#: Partners. The first block is named in the site notes, the rest are not: an extractor
#: that only knows the notes' list must still find them.
ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation("Nanjing Medical University", "China", _U, "NMU", city="Nanjing",
                 founded=1934, url="http://www.njmu.edu.cn/"),
    Organisation("Azerbaijan Medical University", "Azerbaijan", _U, "AMU",
                 title_name="Azerbaijan Medical University", city="Baku", founded=1930,
                 url="https://amu.edu.az/"),
    Organisation("I.M. Sechenov First Moscow State Medical University", "Russia", _U,
                 aliases=("First Moscow State Medical University named after I.M. Sechenov",),
                 short=("Sechenov University",), title_name="Sechenov University",
                 city="Moscow", founded=1758, url="https://www.sechenov.ru/"),
    Organisation("A.I. Yevdokimov Moscow State University of Medicine and Dentistry", "Russia",
                 _U, "MSUMD",
                 aliases=("A.I. Evdokimov Moscow State University of Medicine and Dentistry",),
                 title_name="Moscow State University of Medicine and Dentistry", city="Moscow",
                 founded=1922),
    Organisation("North-Western State Medical University named after I. I. Mechnikov", "Russia",
                 _U, aliases=("Mechnikov North-Western State Medical University",),
                 short=("Mechnikov University",),
                 title_name="North-Western State Medical University", city="Saint Petersburg",
                 founded=1907),
    Organisation("Kirov State Medical University", "Russia", _U, city="Kirov", founded=1987),
    Organisation("Samara State Medical University", "Russia", _U, "SamSMU", city="Samara",
                 founded=1919),
    Organisation("Omsk State Medical University", "Russia", _U, "OSMU", city="Omsk",
                 founded=1920),
    Organisation("Nagasaki University", "Japan", _U, city="Nagasaki", founded=1857,
                 url="https://www.nagasaki-u.ac.jp/"),
    Organisation("Fukushima Medical University", "Japan", _U, "FMU", city="Fukushima",
                 founded=1944),
    Organisation("Akita University", "Japan", _U, city="Akita", founded=1949,
                 url="https://www.akita-u.ac.jp/"),
    Organisation("Henan University of Science and Technology", "China", _U, "HAUST",
                 city="Luoyang", founded=1952),
    Organisation("Asfendiyarov Kazakh National Medical University", "Kazakhstan", _U, "KazNMU",
                 aliases=("S.D. Asfendiyarov Kazakh National Medical University",),
                 title_name="Kazakh National Medical University", city="Almaty", founded=1930),
    Organisation("Tashkent Medical University", "Uzbekistan", _U, "TMU", city="Tashkent",
                 founded=1920),
    Organisation("Turkmen State Medical University named after M. Garryev", "Turkmenistan", _U,
                 aliases=("Myrat Garryev State Medical University of Turkmenistan",),
                 title_name="Turkmen State Medical University", city="Ashgabat", founded=1932),
    # --- not in the site notes ---
    Organisation("Vilnius University", "Lithuania", _U, city="Vilnius", founded=1579,
                 url="https://www.vu.lt/en/"),
    Organisation("Poznan University of Medical Sciences", "Poland", _U, "PUMS", city="Poznan",
                 founded=1920),
    Organisation("Medical University of Lodz", "Poland", _U, city="Lodz", founded=2002),
    Organisation("Pomeranian Medical University in Szczecin", "Poland", _U, "PUM",
                 title_name="Pomeranian Medical University", city="Szczecin", founded=1948),
    Organisation("Kazan State Medical University", "Russia", _U, "KSMU", city="Kazan",
                 founded=1814),
    Organisation("Smolensk State Medical University", "Russia", _U, "SSMU", city="Smolensk",
                 founded=1920),
    Organisation("Bashkir State Medical University", "Russia", _U, "BashSMU", city="Ufa",
                 founded=1932),
    Organisation("Pirogov Russian National Research Medical University", "Russia", _U,
                 aliases=("N.I. Pirogov Russian National Research Medical University",),
                 short=("Pirogov University",), title_name="Pirogov University", city="Moscow",
                 founded=1906),
    Organisation("Tbilisi State Medical University", "Georgia", _U, "TSMU", city="Tbilisi",
                 founded=1918),
    Organisation("Yerevan State Medical University after Mkhitar Heratsi", "Armenia", _U,
                 "YSMU", aliases=("Mkhitar Heratsi Yerevan State Medical University",),
                 title_name="Yerevan State Medical University", city="Yerevan", founded=1920),
    Organisation("Kyrgyz State Medical Academy named after I.K. Akhunbaev", "Kyrgyzstan", _A,
                 "KSMA", title_name="Kyrgyz State Medical Academy", city="Bishkek",
                 founded=1939),
    Organisation("Avicenna Tajik State Medical University", "Tajikistan", _U, "TSMU",
                 aliases=("Tajik State Medical University named after Abuali ibni Sino",),
                 title_name="Avicenna Tajik State Medical University", city="Dushanbe",
                 founded=1939),
    Organisation("Samarkand State Medical University", "Uzbekistan", _U, "SamSMU",
                 city="Samarkand", founded=1930),
    Organisation("Bukhara State Medical Institute named after Abu Ali ibn Sino", "Uzbekistan",
                 _I, "BSMI", title_name="Bukhara State Medical Institute", city="Bukhara",
                 founded=1990),
    Organisation("Karaganda Medical University", "Kazakhstan", _U, "KMU", city="Karaganda",
                 founded=1950),
    Organisation("Astana Medical University", "Kazakhstan", _U, city="Astana", founded=1964),
    Organisation("Semey Medical University", "Kazakhstan", _U, city="Semey", founded=1953),
    Organisation("Harbin Medical University", "China", _U, "HMU", city="Harbin", founded=1926),
    Organisation("China Medical University", "China", _U, "CMU", city="Shenyang", founded=1931),
    Organisation("Wenzhou Medical University", "China", _U, "WMU", city="Wenzhou",
                 founded=1958),
    Organisation("Zhengzhou University", "China", _U, city="Zhengzhou", founded=1956),
    Organisation("Hiroshima University", "Japan", _U, city="Hiroshima", founded=1949,
                 url="https://www.hiroshima-u.ac.jp/en"),
    Organisation("Ankara University", "Turkey", _U, city="Ankara", founded=1946),
    Organisation("Istanbul Medipol University", "Turkey", _U, city="Istanbul", founded=2009,
                 short=("Medipol University",)),
    Organisation("Cairo University", "Egypt", _U, city="Cairo", founded=1908),
    Organisation("Lebanese University", "Lebanon", _U, city="Beirut", founded=1951),
    Organisation("Damascus University", "Syria", _U, city="Damascus", founded=1923),
    Organisation("Tehran University of Medical Sciences", "Iran", _U, "TUMS", city="Tehran",
                 founded=1934, url="https://en.tums.ac.ir/"),
    Organisation("Manipal Academy of Higher Education", "India", _A, "MAHE", city="Manipal",
                 founded=1953),
    Organisation("University of Greifswald", "Germany", _U, city="Greifswald", founded=1456),
    Organisation("Karolinska Institutet", "Sweden", _I, city="Stockholm", founded=1810,
                 url="https://ki.se/en"),
    Organisation("Saint Petersburg Pasteur Institute", "Russia", _I,
                 aliases=("Pasteur Institute of Saint Petersburg",),
                 short=("Pasteur Institute",), city="Saint Petersburg", founded=1908),
    Organisation("Institute of Tropical Medicine Antwerp", "Belgium", _I, "ITM",
                 city="Antwerp", founded=1906),
    Organisation("Shanghai Institute of Materia Medica", "China", _I, "SIMM", city="Shanghai",
                 founded=1932),
    Organisation("Russian Medical Academy of Continuous Professional Education", "Russia", _A,
                 "RMACPE", city="Moscow", founded=1930),
    Organisation("Chinese Academy of Medical Sciences", "China", _A, "CAMS", city="Beijing",
                 founded=1956),
    # --- societies, associations, international bodies ---
    Organisation("\u201cJapan \u2013 Republic of Belarus\u201d Society", "Japan", "society",
                 aliases=("\u201cJapan - Republic of Belarus\u201d Society",),
                 title_name="\u201cJapan \u2013 Belarus\u201d Society"),
    Organisation("International Society for Infectious Diseases", None, "society", "ISID",
                 url="https://isid.org/"),
    Organisation("European Society of Cardiology", None, "society", "ESC",
                 url="https://www.escardio.org/"),
    Organisation("Association of Medical Schools in Europe", None, "association", "AMSE"),
    Organisation("Association for Medical Education in Europe", None, "association", "AMEE",
                 url="https://amee.org/"),
    Organisation("International Association of Universities", None, "association", "IAU"),
    Organisation("World Federation for Medical Education", None, "international", "WFME",
                 url="https://wfme.org/"),
    Organisation("Independent Agency for Accreditation and Rating", "Kazakhstan",
                 "international", "IAAR"),
    Organisation("United Nations Population Fund", None, "international", "UNFPA",
                 url="https://www.unfpa.org/"),
    Organisation("WHO Country Office in Belarus", None, "international",
                 aliases=("World Health Organization Country Office in Belarus",),
                 short=("WHO Country Office",), title_name="WHO Country Office"),
    Organisation("International Working Group \u201cPrevention\u201d", "Germany", "international",
                 aliases=("International Working Group \u201cPrevention\u201d/International "
                          "Forum of Hygiene",),
                 title_name="International Working Group \u201cPrevention\u201d"),
    Organisation("Universal Scientific Education and Research Network", None, "international",
                 "USERN"),
    Organisation("United Nations Children's Fund", None, "international", "UNICEF",
                 url="https://www.unicef.org/"),
    Organisation("International Committee of the Red Cross", None, "international", "ICRC"),
    # --- ministries and embassies ---
    Organisation("Ministry of Health of the Republic of Uzbekistan", "Uzbekistan", "ministry"),
    Organisation("Ministry of Health of Turkmenistan", "Turkmenistan", "ministry"),
    Organisation("Ministry of Health of the Kyrgyz Republic", "Kyrgyzstan", "ministry"),
    Organisation("Ministry of Education of the People's Republic of China", "China",
                 "ministry", title_name="Ministry of Education of China"),
    Organisation("Embassy of the People's Republic of China in the Republic of Belarus", "China",
                 "embassy", aliases=("Chinese Embassy in Belarus",),
                 title_name="Embassy of China"),
    Organisation("Embassy of Turkmenistan in the Republic of Belarus", "Turkmenistan", "embassy",
                 title_name="Embassy of Turkmenistan"),
    Organisation("Embassy of India in Belarus", "India", "embassy",
                 aliases=("Embassy of the Republic of India in the Republic of Belarus",),
                 title_name="Embassy of India"),
    Organisation("Embassy of the Republic of Azerbaijan in the Republic of Belarus",
                 "Azerbaijan", "embassy", title_name="Embassy of Azerbaijan"),
    Organisation("Embassy of the Islamic Republic of Iran in the Republic of Belarus", "Iran",
                 "embassy", title_name="Embassy of Iran"),
    Organisation("Embassy of Sri Lanka in Belarus", "Sri Lanka", "embassy",
                 title_name="Embassy of Sri Lanka"),
    Organisation("Embassy of the Syrian Arab Republic in the Republic of Belarus", "Syria",
                 "embassy", title_name="Embassy of Syria"),
)

#: The university's own units: mentioned in the prose, never partners.
BSMU_UNITS: tuple[str, ...] = (
    "the Faculty of General Medicine of BSMU",
    "the Faculty of Dentistry",
    "the Faculty of Pharmacy",
    "the Faculty of Pediatrics",
    "the Faculty of International Students",
    "the Faculty of Military Medicine",
    "the Department of International Relations",
    "the Department of Epidemiology of BSMU",
    "the Department of Normal Physiology",
    "the Department of Foreign Languages",
    "the Student Scientific Society of BSMU",
    "the Simulation and Certification Centre of BSMU",
    "the Council of Young Scientists of Belarusian State Medical University",
    "the Museum of the History of BSMU",
)

#: Invented BSMU staff (title, name); their titles name BSMU units, not partners.
BSMU_STAFF: tuple[tuple[str, str], ...] = (
    ("Head of the Department of International Relations", "Natallia Kavaliova"),
    ("Dean of the Faculty of International Students, Associate Professor", "Aliaksandr Zhuk"),
    ("Head of the Department of Epidemiology, Doctor of Medical Sciences, Professor",
     "Hanna Bandaruk"),
    ("Vice-Rector for Academic Affairs, Candidate of Medical Sciences, Associate Professor",
     "Uladzimir Pashkevich"),
    ("Head of the Simulation and Certification Centre", "Kanstantsin Novik"),
    ("Dean of the Faculty of Dentistry, Associate Professor", "Iryna Sidarovich"),
)

VICE_RECTOR_NAME = "Vasili Roudenok"
VICE_RECTOR_TITLES: tuple[str, ...] = (
    "Vice-Rector for International Relations, Doctor of Medical Sciences, Professor",
    "BSMU Vice-Rector for International Relations, Doctor of Medical Sciences, Professor",
    "Vice-Rector for International Relations, Professor",
)

#: (first day in office, spellings of the name, titles)
RECTORS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("2000-01-01", ("Anatoly Sikorski", "Anatol Sikorski"), (
        "Rector of Belarusian State Medical University, Doctor of Medical Sciences, Professor",
        "Rector of BSMU, Professor",
    )),
    ("2021-03-01", ("Sergey Rubnikovich", "Sergei Rubnikovich"), (
        "Rector of Belarusian State Medical University, Corresponding Member of the National "
        "Academy of Sciences of Belarus, Doctor of Medical Sciences, Professor",
        "Rector, Corresponding Member of the National Academy of Sciences, Doctor of Medical "
        "Sciences, Professor",
        "Rector of BSMU, Professor",
    )),
)

FIELDS: tuple[str, ...] = (
    "dentistry", "public health", "pharmacy", "pediatrics", "oncology", "cardiology",
    "epidemiology", "infectious diseases", "surgery", "medical education", "neurology",
    "obstetrics and gynecology", "hygiene", "medical rehabilitation", "traumatology",
    "clinical pharmacology", "radiation medicine", "endocrinology",
)

#: Credit pool: name -> roles this person is credited with as an author.
CREDIT_PEOPLE: dict[str, tuple[str, ...]] = {
    "Oksana Kurbeko": ("BSMU spokesperson", "press secretary of BSMU"),
    "Nadezhda Kolyago": (),
    "Anastasiya Karnacheva": (),
    "Dmitry Zelenkovsky": (),
    "Yulia Lisovskaya": ("Department of International Relations",),
    "Andrei Martinovich": (),
    "Tatsiana Shumskaya": ("student of the Faculty of General Medicine",),
    "Alena Kavalenka": (),
    "Siarhei Dubovik": (),
    "Maryia Zhukava": ("student of the Faculty of Pharmacy",),
    "Pavel Lenkevich": ("specialist of the Department of International Relations",),
    "Inna Shapovalova": (),
    "Katsiaryna Hrynevich": (),
    "Viktoryia Rakovich": ("Associate Professor of the Department of Foreign Languages",),
    "Ilya Sasnouski": (),
}
AUTHORS: tuple[str, ...] = (
    "Oksana Kurbeko", "Oksana Kurbeko", "Oksana Kurbeko", "Yulia Lisovskaya",
    "Tatsiana Shumskaya", "Maryia Zhukava", "Pavel Lenkevich", "Viktoryia Rakovich",
)
PHOTOGRAPHERS: tuple[str, ...] = (
    "Dmitry Zelenkovsky", "Andrei Martinovich", "Siarhei Dubovik", "Ilya Sasnouski",
    "Pavel Lenkevich",
)
TRANSLATORS: tuple[str, ...] = (
    "Nadezhda Kolyago", "Anastasiya Karnacheva", "Alena Kavalenka", "Inna Shapovalova",
    "Katsiaryna Hrynevich",
)

#: Inline photo captions; none starts with a credit label (Photo, Author, Фото...).
CAPTIONS_EN: tuple[str, ...] = (
    "Participants of the meeting",
    "During the negotiations",
    "The signing ceremony",
    "Guests at the Simulation and Certification Centre",
    "At the plenary session",
    "Joint picture after the meeting",
    "Students and teachers of the two universities",
)
CAPTIONS_RU: tuple[str, ...] = (
    "Участники встречи",
    "Во время переговоров",
    "Подписание соглашения",
    "Гости в симуляционном центре",
    "На пленарном заседании",
)

MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)

#: The five slogans of the banner, as on the real pages (seed 000).
SLOGANS: tuple[tuple[str, str], ...] = (
    ("BSMU \u2013 member of the world medical educational community",
     "Belarusian State Medical University is a unique center of education, science, medical "
     "and pharmaceutical practice, recognized by the world community."),
    ("BSMU \u2013 the leading belarusian medical university",
     "More than 50 thousand highly qualified specialists have been trained within the walls of "
     "the university for a century of its existence."),
    ("BSMU \u2013 unique blend of science and practice",
     "Every year unique treatment methods are developed and implemented by highly qualified "
     "teaching staff, as well as a significant number of complex operations, consultations, and "
     "various manipulations are performed."),
    ("BSMU \u2013 territory of unique opportunities",
     "More than 2 thousand foreign students from 52 countries study at the university. "
     "Graduates work as doctors in 108 countries around the world."),
    ("BSMU \u2013 a scientific leader",
     "For many years the University has been a leading organization according to the results "
     "of scientific activity."),
)
