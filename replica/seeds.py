"""The five real pages the project has (``/work/shared/seeds``), embedded as content.

The texts are copied verbatim from the seeds so the replica works when installed without
the seeds directory; ``tests/test_replica.py`` checks them against the files. The banner
lines at the top of seeds 000 and 002 are page chrome (see ``vocab.SLOGANS``) and are kept
out of the articles. Article IDs of the seeds are unknown; the replica pins them where the
ID/date anchors put them (``timeline.SEED_IDS``).
"""

from __future__ import annotations

import datetime as dt

from replica.content import Article, Block, Credits, OrgTruth, StaticPage, text_block

SEED_000 = "000_4f2871a084c99df6.txt"
SEED_001 = "001_ce60dbe84ec4a59c.txt"
SEED_002 = "002_e63c08327b1643e2.txt"
SEED_003 = "003_ba3a99f7e2a48e25.txt"
SEED_004 = "004_c8aff53cb60f9a1c.txt"

_BODY_000 = (
    (
        "Nanjing Medical University (People's Republic of China) has been a partner of "
        "Belarusian State Medical University since 2019, when during the visit of BSMU "
        "Vice-Rector for International Relations, Doctor of Medical Sciences, Professor "
        "Vasili Roudenok to Nanjing, an agreement on bilateral academic and scientific "
        "cooperation was concluded."
    ),
    (
        "By the way, Nanjing Medical University has an almost 90-year history. It is "
        "included in C9 League, in the national ranking – in the Top 10 best educational "
        "institutions of the republic, and in the international ranking it also holds "
        "good positions."
    ),
    (
        "This higher educational institution offers bachelor's, master's and doctoral "
        "programs, postdoctoral research. It consists of an independent school, Kangda "
        "College and 16 schools (most of the schools are designed to study medicine, "
        "public health, and other areas of medical care). The university is actively "
        "developing international exchange and cooperation programs, in which students "
        "and teachers go abroad to study and work with research institutions and medical "
        "schools in the UK, USA, Australia, Germany, Japan and France. In addition, "
        "Nanjing Medical University is a partner organization of the Alliance for Health "
        "Policy and Systems Research at the World Health Organization."
    ),
    (
        "...A significant event of cooperation between Belarusian State and Nanjing "
        "Medical Universities was the holding of a joint training seminar for medical "
        "professionals on topical clinical issues of coronavirus infection COVID-19. And "
        "on June 23, a joint online conference on current issues of dentistry is planned."
    ),
    (
        "The increase in the space for joint contacts served as an impetus for signing an "
        "expanded agreement on academic and scientific cooperation. The ceremony took "
        "place on the final day of this spring online. It was attended by Rector of "
        "Belarusian State Medical University, Corresponding Member of the National "
        "Academy of Sciences, Doctor of Medical Sciences, Professor Sergey Rubnikovich, "
        "Vice-Rector for International Relations, Doctor of Medical Sciences, Professor "
        "Vasili Roudenok, Director of Eurasia Consulting LLC Wei Chunlei, with whom the "
        "leadership of Nanjing Medical University was in video communication."
    ),
    (
        "– In accordance with the expanded agreement, we offer partners from Nanjing "
        "Medical University to cooperate in the following areas: improvement of "
        "educational technologies and teaching methods, development of academic and "
        "student mobility programs, exchange of pedagogical, scientific and clinical "
        "experience, scientific and practical interaction on topical issues of medicine "
        "and pharmacy, etc., - said Sergey Rubnikovich. – I am convinced that the signing "
        "of this agreement will become a new stage of partnership relations between our "
        "universities."
    ),
    (
        "In turn, the Chinese side stressed the productivity of the existing relations "
        "between Belarusian State Medical University and Nanjing Medical University and "
        "expressed confidence that now they will become even stronger, because both "
        "higher educational institutions have something to share with each other both in "
        "terms of the educational process, and in terms of science, medical work and "
        "other activities of mutual interest."
    ),
    (
        "From now on, an important legal document that will determine the success of "
        "cooperation in the coming years will be signed by the rector of Belarusian State "
        "Medical University, Professor Sergei Rubnikovich and the president of Nanjing "
        "Medical University, Professor Hu Zhibin."
    ),
)

_BODY_002 = (
    ("Azerbaijan Medical University (AMU) is one of the major state universities of Azerbaijan."),
    (
        "Currently, more than 8 thousand students study at the medical I, medical II, "
        "dental, pharmaceutical, military medical faculties and the Faculty of Public "
        "Health. Until 2011, the pediatric faculty functioned at the higher educational "
        "institution, but then it was attached to the medical faculty."
    ),
    (
        "Azerbaijan Medical University has 75 departments, where academicians and "
        "corresponding members, honored scientists, honored doctors, professors, "
        "associate professors, doctors and candidates of sciences work. Every year 1200 "
        "students enter various faculties here. Among them are several dozen foreigners "
        "from Asia, Africa, and Latin America. AMU also has foreign partners with whom it "
        "fruitfully cooperates in various areas. And in the near future, Belarusian State "
        "Medical University will join their list."
    ),
    (
        "This was exactly what was discussed at the online meeting of the heads of the "
        "two universities. The leading medical institution of higher education in Belarus "
        "was represented by Rector, corresponding member of the National Academy of "
        "Sciences, Doctor of Medical Sciences, Professor Sergey Rubnikovich and "
        "Vice-Rector for International Relations, Doctor of Medical Sciences, Professor "
        "Vasili Roudenok, and Azerbaijan Medical University – Rector, Doctor of Medical "
        "Sciences, Professor Gerai Garaybeyli, Vice-Rector for International Relations "
        "Orkhan Isaev and other officials."
    ),
    (
        "The parties outlined possible areas of cooperation in educational, scientific, "
        "medical and international fields. Belarusian and Azerbaijani medical "
        "universities have a lot in common. Nevertheless, their experience in terms of "
        "educational (including postgraduate studies), scientific, medical activities is "
        "unique. Therefore, it will be very, very useful and interesting to find out how "
        "the forges of doctors and pharmacists of the two republics live."
    ),
    (
        "At the end of the negotiations, their participants noted that they would look "
        "forward to the continuation of that communication."
    ),
)

_STATIC_001: tuple[tuple[str, str], ...] = (
    (
        "text",
        (
            "Belarusian State Medical University is actively developing international "
            "cooperation with overseas partners. It annually signs from 10 to 15 "
            "agreements concerning academic and scientific cooperation with international "
            "research and educational institutions, is open to the establishment of new "
            "international relations and readily examines incoming proposals for "
            "collaboration."
        ),
    ),
    ("heading", "Seminars, lectures, teleconferences"),
    (
        "text",
        (
            "Thanks to a wide range of international relations the academic staff and "
            "researchers of BSMU traveled abroad to participate in symposia, conferences, "
            "congresses, conventions, seminars and workshops more than 800 times from "
            "2007 to 2012."
        ),
    ),
    (
        "text",
        (
            "The University also organizes international scientific and practical "
            "conferences, seminars, teleconferences and other events with the "
            "participation of colleagues from Russia, Lithuania, Germany, Poland, Sweden, "
            "Japan, Israel, Belgium, Austria and other countries."
        ),
    ),
    ("heading", "Training of overseas specialists"),
    (
        "text",
        (
            "During the period from 1970 to 2012 about 2,000 international specialists "
            "from nearly 100 countries underwent training at BSMU. For many of them such "
            "training became the key to a successful career. Among BSMU distinguished "
            "alumni there are ministers, ambassadors, leading experts, heads of health "
            "departments and clinics, professors, associate professors, heads of "
            "departments at leading medical schools in many countries of Europe, Asia, "
            "Africa, Latin America, Canada and the USA."
        ),
    ),
    (
        "text",
        (
            "For many years the University has been developing cooperation with partners "
            "from 24 countries, among which the most important contacts are with the "
            "educational institutions of Russia, Poland, Canada, Germany, Japan, Sweden, "
            "Kazakhstan, Azerbaijan, Israel and Turkmenistan."
        ),
    ),
    ("heading", "Academic mobility"),
    (
        "text",
        (
            "Development of student mobility is mainly achieved due to the organization "
            "of student clinical practice at the premises of partner universities as well "
            "as through participation of students in scientific, cultural and sporting "
            "events abroad."
        ),
    ),
    (
        "text",
        (
            "According to the agreements on academic cooperation and exchange about 20 "
            "BSMU students undergo outpatient and inpatient practice in Poland and "
            "Germany each year. In its turn, Belarusian State Medical University provides "
            "an opportunity for students from Japan and Poland to undergo practical "
            "training at the University clinical sites."
        ),
    ),
    ("heading", "Honorary doctors and professors"),
    (
        "text",
        (
            "The University has awarded Letters of Appreciation and «Honorary "
            "Doctor/Professor» titles to many international and Belarusian partners for "
            "their outstanding contribution to the development of medicine, medical "
            "science and education as well as health care of the Republic of Belarus and "
            "BSMU integration into the global system of higher medical education."
        ),
    ),
    ("heading", "Association of BSMU international graduates"),
    (
        "text",
        (
            "In order to expand humanitarian, educational, scientific and business "
            "contacts the Association of BSMU International Graduates maintains contacts "
            "with its members from Lebanon, Syria , India, Sri Lanka , Iran, Iraq , "
            "Greece, Cyprus , Israel, Cameroon, Morocco , Poland, Nigeria , Ecuador and "
            "other countries."
        ),
    ),
    ("heading", "The University in international rankings systems"),
    (
        "text",
        (
            "Participation in international rankings is one of the areas of the "
            "University strategic development that contributes to its effective "
            "incorporation into the international educational environment and allows us "
            "to integrate educational and research processes with international "
            "requirements, maintain standards and promote teaching excellence."
        ),
    ),
    ("heading", "Department of international relations"),
    (
        "text",
        (
            "it is engaged in the organization, technical assistance and methodological "
            "support of the international activities aimed at integrating the University "
            "into the European and international educational environments and obtaining "
            "more options for accelerated development and competitive advantages "
            "enhancing BSMU popularity and prestige on the international stage."
        ),
    ),
)

_STATIC_003: tuple[tuple[str, str], ...] = (
    ("heading", "International ratings"),
    ("ranking", "Webometrics Ranking of World Universities"),
    ("ranking", "4International Colleges&Universities"),
    ("ranking", "Международный рейтинг высших учебных заведений (ARES)"),
    ("ranking", "Worldwide Professional University Rankings (RankPro)"),
    ("ranking", "Round University Rаnking"),
    ("ranking", "«Эксперт РА»"),
    (
        "text",
        (
            "International ranking position is one of the university's perfomance "
            "indicator. Achieving high rates in international educational rankings is one "
            "of the areas in strategic development of Belarusian State Medical "
            "University, that allows it to turn into an international educational "
            "environment and coordinate educational and research processes applying "
            "international rules and standards. The leading international rankings "
            "positions, activity in the international arena, recognition by the world "
            "leading universities and scientific organizations are a confirmation of the "
            "university's professionalism in the field of international cooperation, "
            "which in turn contributes to increasing the attractiveness among foreign "
            "citizens of obtaining higher medical education at Belarusian State Medical "
            "University and, accordingly, to an increase in the export of educational "
            "services."
        ),
    ),
    ("heading", "International organizations"),
    (
        "text",
        (
            "Belarusian State Medical University cooperates and exchanges information on "
            "topical issues of higher medical education with the World Federation for "
            "Medical Education (WFME), the International Association of Universities "
            "(IAU), and the Independent Agency for Accreditation and Rating (IAAR). "
            "Information on Belarusian State Medical University is available in the World "
            "Directory of Medical Schools."
        ),
    ),
    (
        "text",
        (
            "Within the framework of the Memorandum of Understanding, Belarusian State "
            "Medical University cooperates with the United Nations Population Fund "
            "(UNFPA) in such urgent areas as policy development and implementation in the "
            "field of sexual and reproductive health, the introduction of new "
            "practiceoriented educational programs in students and physicians training. "
            "As a result, future and successful physicians will be able to receive a "
            "structured, evidence-based education. Their knowledge, translated into "
            "practice, will reduce the risk of infertility, increase public awareness of "
            "reproductive health and safe sexual behavior."
        ),
    ),
    (
        "text",
        (
            "The University cooperates with the WHO Country Office, Belarus on topical "
            "health issues. An important result of such cooperation is the introduction "
            "of the acquired knowledge into the university medical activities and "
            "educational process."
        ),
    ),
    (
        "text",
        (
            "Since 1998 the cooperation of Belarusian State Medical University with the "
            "International Working Group “Prevention”/International Forum of Hygiene "
            "(Germany) has been fruitfully developing. Every year the University is "
            "visited by representatives of the International Working Group “Prevention” - "
            "the world's leading experts in the field of epidemiology and hygiene. "
            "Partners hold conjoint scientific and practical conferences, workshops, "
            "trainings, exchange information, materials and publications on topical "
            "issues of epidemiology and hygiene, organize internships for university "
            "teachers in specialized foreign institutions. The University actively "
            "interacts with the International Working Group “Prevention” in the "
            "implementation of conjoint projects on topical issues of epidemiology and "
            "hygienic science, ensuring the sanitary and epidemic well-being of the "
            "population in conditions of natural and human induced disasters, as well as "
            "COVID-19 pandemic, including development and implementation of "
            "recommendations for the population, new methods of infection control to "
            "protect the health of medical workers and regulations for national health "
            "systems."
        ),
    ),
    (
        "text",
        (
            "For more than 25 years, Belarusian State Medical University has been "
            "cooperating in the educational, cultural and humanitarian spheres with the "
            "“Japan - Republic of Belarus” Society. During this period, with the support "
            "of the\xa0 “Japan - Republic of Belarus” Society, more than 70 teachers and "
            "physicians of various specialties were trained in the clinics of Akita "
            "University, dozens of scientific and practical conferences with the "
            "participation of Japanese specialists, days of Japanese culture, musical and "
            "exhibition events, humanitarian actions were organized at the university."
        ),
    ),
    (
        "text",
        (
            "In the field of science and education, Belarusian State Medical University "
            "cooperates with the Universal Scientific Education and Research Network "
            "(USERN), which unites more than 100 scientists, including Nobel laureates, "
            "from many countries of the world."
        ),
    ),
)

_STATIC_004: tuple[tuple[str, str], ...] = (
    (
        "text",
        (
            "Academic mobility of higher education teaching staff and students is one of "
            "the key components of internationalization of higher education and "
            "university integration into international educational system."
        ),
    ),
    (
        "text",
        (
            "Belarusian State Medical University is always open for cooperation with new "
            "partners: year by year the university expands the network of bilateral and "
            "multilateral agreements in the field of academic mobility."
        ),
    ),
    (
        "text",
        (
            "International academic mobility of the higher education teaching staff is "
            "implemented through:"
        ),
    ),
    ("item", "- participation in scientific-practical conferences;"),
    ("item", "- lecturing, holding of seminars, and workshops;"),
    ("item", "- participation in scientific work within conjoint topics;"),
    ("item", "- implementation of conjoint scientific-research projects;"),
    ("item", "- participation in advanced professional training programs;"),
    ("item", "- on-the-job internship."),
    (
        "text",
        (
            "Annually, the internship and advanced professional training programs are "
            "organized abroad for the higher education teaching staff."
        ),
    ),
    (
        "text",
        (
            "The participation of students in academic mobility programs is implemented "
            "within bi-/multilateral agreements on the University’s cooperation with "
            "foreign scientific-educational establishments in the form of undergoing the "
            "part of practical training according to a principle of incorporated "
            "education on parity basis and participation in educational, scientific, "
            "cultural, and sports events."
        ),
    ),
    (
        "text",
        "The University’s key partners in student academic mobility field are:",
    ),
    ("item", "- I.M. Sechenov First Moscow State Medical University (Russia),"),
    (
        "item",
        "- A.I. Yevdokimov Moscow State University of Medicine and Dentistry (Russia),",
    ),
    (
        "item",
        "- North-Western State Medical University named after I. I. Mechnikov (Russia),",
    ),
    ("item", "- Kirov State Medical University (Russia),"),
    ("item", "- Samara State Medical University (Russia),"),
    ("item", "- Omsk State Medical University (Russia),"),
    ("item", "- Nagasaki University (Japan),"),
    ("item", "- Fukushima Medical University (Japan),"),
    ("item", "- Henan University of Science and Technology (China),"),
    ("item", "- Asfendiyarov Kazakh National Medical University (Kazakhstan),"),
    ("item", "- Tashkent Medical University (Uzbekistan),"),
    (
        "item",
        "- Turkmen State Medical University named after M. Garryev and others.",
    ),
    (
        "text",
        (
            "Student selection for undergoing the part of practical training is "
            "implemented on the competitive base by the Dean’s Offices of the faculties "
            "as per quotas annually determined by the Department of International "
            "Relations on the grounds of agreements with the partner-universities. The "
            "selection process takes into account student’s academic performance, "
            "participation in the social and scientific life of the university, personal "
            "achievements, etc."
        ),
    ),
)


def _blocks(paragraphs: tuple[str, ...]) -> tuple[Block, ...]:
    return tuple(text_block(p) for p in paragraphs)


def seed_articles(ids: dict[str, int]) -> list[Article]:
    """The two real articles, with their real dates and credits, under the given IDs."""
    nanjing = OrgTruth(
        "Nanjing Medical University", "China", "university", ("Nanjing Medical University",)
    )
    amu = OrgTruth(
        "Azerbaijan Medical University",
        "Azerbaijan",
        "university",
        ("Azerbaijan Medical University", "AMU"),
    )
    title_000 = (
        "Belarusian State and Nanjing Medical Universities have signed an expanded "
        "cooperation agreement"
    )
    title_002 = (
        "Belarusian and Azerbaijani Medical Universities have outlined the areas of cooperation"
    )
    a000 = Article(
        article_id=ids[SEED_000],
        published=dt.date(2022, 6, 3),
        title=title_000,
        announcement=title_000,
        blocks=_blocks(_BODY_000),
        credits=Credits(
            lines=(
                "Oksana Kurbeko, BSMU spokesperson;",
                "Photo by Dmitry Zelenkovsky;",
                "Translation: Anastasiya Karnacheva.",
            ),
            authors=(("Oksana Kurbeko", "BSMU spokesperson"),),
            photographers=("Dmitry Zelenkovsky",),
            translators=("Anastasiya Karnacheva",),
            recipe="unlabeled/by/colon/semicolon",
        ),
        organisations=(nanjing,),
        people=(
            (
                "Vasili Roudenok",
                "BSMU Vice-Rector for International Relations, Doctor of Medical Sciences, "
                "Professor",
            ),
            (
                "Sergey Rubnikovich",
                "Rector of Belarusian State Medical University, Corresponding Member of the "
                "National Academy of Sciences, Doctor of Medical Sciences, Professor",
            ),
            ("Wei Chunlei", "Director of Eurasia Consulting LLC"),
            ("Hu Zhibin", "president of Nanjing Medical University, Professor"),
        ),
        seed=SEED_000,
        theme="seed",
    )
    a002 = Article(
        article_id=ids[SEED_002],
        published=dt.date(2023, 3, 3),
        title=title_002,
        announcement=title_002,
        blocks=_blocks(_BODY_002),
        credits=Credits(
            lines=(
                "Author: Oksana Kurbeko, BSMU spokesperson",
                "Photo by the author",
                "Translation: Nadezhda Kolyago",
            ),
            authors=(("Oksana Kurbeko", "BSMU spokesperson"),),
            photographers=("Oksana Kurbeko",),
            translators=("Nadezhda Kolyago",),
            recipe="role/by_author/colon/none",
        ),
        organisations=(amu,),
        people=(
            (
                "Sergey Rubnikovich",
                "Rector, corresponding member of the National Academy of Sciences, Doctor of "
                "Medical Sciences, Professor",
            ),
            (
                "Vasili Roudenok",
                "Vice-Rector for International Relations, Doctor of Medical Sciences, Professor",
            ),
            ("Gerai Garaybeyli", "Rector, Doctor of Medical Sciences, Professor"),
            ("Orkhan Isaev", "Vice-Rector for International Relations"),
        ),
        seed=SEED_002,
        theme="seed",
    )
    return [a000, a002]


def _static_blocks(items: tuple[tuple[str, str], ...]) -> tuple[Block, ...]:
    out = []
    for kind, text in items:
        if kind == "item":
            out.append(text_block(text, "item", list_style="dash"))
        elif kind == "ranking":
            out.append(text_block(text, "item", list_style="ul"))
        else:
            out.append(text_block(text, kind))
    return tuple(out)


_UNI = ("University", "International cooperation")


def static_pages() -> list[StaticPage]:
    """Static pages: the three seeds plus a few small ones written for the replica."""
    return [
        StaticPage(6, 41, "Foreign partnership", _UNI, _static_blocks(_STATIC_001), seed=SEED_001),
        StaticPage(
            6,
            44,
            "University in international rankings and organizations",
            (*_UNI, "The University in international rankings and organizations"),
            _static_blocks(_STATIC_003),
            seed=SEED_003,
        ),
        StaticPage(
            6,
            45,
            "Academic mobility",
            (*_UNI, "Academic mobility"),
            _static_blocks(_STATIC_004),
            seed=SEED_004,
        ),
        StaticPage(
            6,
            1,
            "About the University",
            ("University",),
            _static_blocks(
                (
                    (
                        "text",
                        "Belarusian State Medical University is the leading medical school of "
                        "the Republic of Belarus. It was founded in 1921 as the medical faculty "
                        "of Belarusian State University and became an independent institution "
                        "in 1930.",
                    ),
                    (
                        "text",
                        "Today the University has nine faculties, more than 60 departments and "
                        "a university clinic. Students from more than 50 countries study here.",
                    ),
                )
            ),
        ),
        StaticPage(
            6,
            30,
            "Contacts",
            ("University",),
            _static_blocks(
                (
                    ("text", "83 Dzerzhinski Ave., Minsk, 220083, Republic of Belarus"),
                    ("text", "Department of International Relations: room 112, main building."),
                    ("text", "E-mail: interdept@bsmu.by"),
                )
            ),
        ),
        StaticPage(
            4,
            20,
            "Admission of international applicants",
            ("Admission",),
            _static_blocks(
                (
                    (
                        "text",
                        "International applicants are admitted to the first year "
                        "after the Preparatory Department or on the results of "
                        "entrance examinations in biology and chemistry.",
                    ),
                    ("heading", "Documents"),
                    ("item", "- application form;"),
                    ("item", "- passport copy;"),
                    ("item", "- school-leaving certificate with grades;"),
                    ("item", "- medical certificate."),
                    ("text", "Teaching is available in English and in Russian."),
                )
            ),
        ),
        StaticPage(
            3,
            12,
            "Accommodation",
            ("For students",),
            _static_blocks(
                (
                    (
                        "text",
                        "International students are provided with places in the University's "
                        "dormitories. Each dormitory has study rooms, a laundry and a gym.",
                    ),
                    (
                        "text",
                        "Applications for accommodation are accepted by the Dean's Office of the "
                        "Faculty of International Students.",
                    ),
                )
            ),
        ),
    ]
