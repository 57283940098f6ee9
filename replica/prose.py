"""Sentence templates for generated news, grouped by the kind of story they tell.

Placeholders in braces are filled by ``writer.Filler``:

* organisations (the article "the" is added by the filler where the name needs one):
  ``{P}``/``{p}`` first/later mention of the partner (the first mention may
  define an abbreviation in brackets or name the country in brackets), ``{P2}``/``{p2}``
  a second partner, ``{pt}`` the partner as a headline names it;
* people: ``{VR}``/``{vr}`` the Vice-Rector for International Relations, ``{RECTOR}`` /
  ``{rector}``, ``{HEAD}``/``{head}`` an official of the partner, ``{STAFF}``/``{staff}``
  a BSMU employee (upper case: with the title in front at first mention);
* plain values: ``{BSMU}``, ``{bsmu}``, ``{C}`` country, ``{CF}`` its formal name,
  ``{CA}`` adjective, ``{CITY}``, ``{FIELD}``/``{FIELD2}``, ``{UNIT}``/``{UNIT2}`` (BSMU's
  own units: distractors, not partners), ``{N}`` small number, ``{NN}`` hundreds,
  ``{NKT}`` "N thousand", ``{K}`` faculties, ``{FOUNDED}``, ``{SINCE}``, ``{YEAR}``,
  ``{YEAR_PREV}``, ``{YEAR_NEXT}``, ``{EVT_DATE}``/``{PLAN_DATE}`` full dates before/after
  publication (distractors for date extraction), ``{HOW}`` how a document was signed.

A template whose placeholder has no value for the chosen partner (no country, no
founding year) is skipped, so templates can be specific without checks of their own.
The text is original and deliberately close to the register of the real site.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Theme:
    """One kind of story: which partners fit it and the sentences that tell it."""

    name: str
    kinds: tuple[str, ...]
    titles: tuple[str, ...]
    intros: tuple[str, ...]
    middles: tuple[str, ...]
    closings: tuple[str, ...]
    list_intro: str | None = None
    list_items: tuple[str, ...] = field(default=())
    weight: int = 1


_ACADEMIC = ("university", "institute", "academy")

THEMES: tuple[Theme, ...] = (
    Theme(
        "agreement",
        _ACADEMIC,
        titles=(
            "BSMU and {pt} signed an agreement on cooperation",
            "Belarusian State Medical University and {pt} have signed a cooperation agreement",
            "A new partner in {C}: agreement with {pt}",
            "Cooperation agreement with {pt} ({C})",
            "BSMU expands cooperation with {C}: an agreement with {pt} was signed",
            "Memorandum of understanding signed with {pt}",
            "Agreement on academic and scientific cooperation with {pt} was concluded",
        ),
        intros=(
            "{BSMU} and {P} have signed an agreement on academic and scientific cooperation.",
            "{bsmu} has one more partner in {C}: an agreement on cooperation with {P} was "
            "signed {HOW}.",
            "An agreement on cooperation between {BSMU} and {P} was signed {HOW}.",
            "{P} and {BSMU} have concluded a memorandum of understanding, which opens new "
            "opportunities for students and teachers of both universities.",
        ),
        middles=(
            "{p} was founded in {FOUNDED} and is now one of the leading medical schools of "
            "{C}. About {NKT} students study at its {K} faculties.",
            "The document was signed by {RECTOR} and {HEAD}.",
            "The ceremony was attended by {VR}, {STAFF} and representatives of {UNIT}.",
            "The agreement provides for the exchange of students and teaching staff, joint "
            "research in {FIELD} and {FIELD2}, the organisation of conferences and "
            "internships, as well as the exchange of publications and teaching materials.",
            "\u2013 We have been looking for a reliable partner in {C} for a long time, and I "
            "am sure that our cooperation will be fruitful, \u2013 said {vr}. \u2013 Our "
            "students are interested in practical training abroad, and our scientists are "
            "ready for joint projects in {FIELD}.",
            "{HEAD} noted that {p} is interested in the experience of Belarusian colleagues "
            "in {FIELD} and in the organisation of simulation training.",
            "Contacts between the partners started in {SINCE}, when teachers of {UNIT} took "
            "part in a conference in {CITY}.",
            "Representatives of {P2} also joined the ceremony online: a trilateral project in "
            "{FIELD} is being discussed.",
        ),
        closings=(
            "The parties agreed to prepare a plan of joint activities for {YEAR_NEXT}.",
            "The first exchange of students is planned for the next academic year.",
            "The agreement was concluded for five years with automatic extension.",
            "Further steps of cooperation will be discussed at the next meeting of the "
            "working group.",
        ),
        list_intro="The agreement covers the following areas:",
        list_items=(
            "academic mobility of students and teachers;",
            "joint research projects;",
            "organisation of conferences, seminars and summer schools;",
            "exchange of educational and methodological materials;",
            "joint publications in scientific journals.",
        ),
        weight=4,
    ),
    Theme(
        "meeting",
        _ACADEMIC,
        titles=(
            "BSMU and {pt} discussed prospects for cooperation",
            "Online meeting with representatives of {pt}",
            "Negotiations with {pt} were held in online format",
            "{CA} partners: a meeting with {pt}",
            "Areas of cooperation with {pt} have been outlined",
            "Belarusian and {CA} medical universities will strengthen cooperation",
        ),
        intros=(
            "An online meeting of representatives of {BSMU} and {P} took place.",
            "The leadership of {BSMU} held online negotiations with colleagues from {P}.",
            "{bsmu} continues to develop contacts with medical schools of {C}: this time "
            "negotiations were held with {P}.",
        ),
        middles=(
            "The Belarusian side was represented by {VR} and {STAFF}, {p} \u2013 by {HEAD}.",
            "The parties discussed academic mobility of students and teachers, joint "
            "research in {FIELD}, and the possibility of double degree programmes.",
            "{HEAD} told about the structure of {p}, its clinical base and research "
            "priorities, and expressed interest in contacts with {UNIT}.",
            "{vr} presented the university, its faculties and clinical sites, and noted that "
            "more than {NN} graduates from {C} have received their diplomas at BSMU.",
            "Particular attention was paid to the organisation of joint online lectures in "
            "{FIELD} for students of the two universities.",
            "\u2013 Our universities have a lot in common, and we are ready to share our "
            "experience in {FIELD}, \u2013 said {vr}.",
            "{p} has {K} faculties and more than {NKT} students; it is known for its "
            "research in {FIELD}.",
            "Colleagues from {P2}, a long-standing partner of {p}, also took part in the "
            "discussion.",
        ),
        closings=(
            "At the end of the meeting, the parties agreed to prepare a draft agreement on "
            "cooperation.",
            "The participants noted that they would look forward to the continuation of the "
            "dialogue.",
            "It was decided to hold the next meeting in person in {CITY}.",
        ),
        list_intro="The parties agreed on the following:",
        list_items=(
            "to exchange students for clinical practice;",
            "to organise joint online lectures;",
            "to prepare joint publications;",
            "to hold a joint conference next year.",
        ),
        weight=4,
    ),
    Theme(
        "delegation",
        (*_ACADEMIC, "ministry"),
        titles=(
            "A delegation of {pt} visited BSMU",
            "Guests from {C} at Belarusian State Medical University",
            "{CA} colleagues got acquainted with BSMU",
            "The delegation of {pt} visited the university",
            "Visit of the delegation from {CITY}",
        ),
        intros=(
            "{BSMU} was visited by a delegation of {P} headed by {HEAD}.",
            "A delegation of {P} arrived in Minsk on a working visit.",
            "Representatives of {P} paid a visit to {BSMU}.",
        ),
        middles=(
            "The guests were welcomed by {RECTOR}, who told them about the history of the "
            "university, its faculties and international activities.",
            "During the visit, the delegation got acquainted with {UNIT}, {UNIT2} and the "
            "university clinic.",
            "The guests were particularly interested in simulation training and the use of "
            "modern technologies in teaching {FIELD}.",
            "Members of the delegation met with students from {C} who study at the Faculty of "
            "International Students.",
            "{HEAD} thanked the Belarusian colleagues for the warm welcome and noted that "
            "{p} is ready to develop cooperation in {FIELD} and {FIELD2}.",
            "Negotiations were held with {VR}; the parties discussed the organisation of "
            "joint conferences and internships of teachers.",
        ),
        closings=(
            "At the end of the visit, the guests made an entry in the Book of Honorary Guests "
            "of the university.",
            "The parties expressed confidence that the visit would give a new impetus to "
            "cooperation.",
            "The next visit, this time of the BSMU delegation to {CITY}, is planned for "
            "autumn.",
        ),
        weight=3,
    ),
    Theme(
        "conference",
        (*_ACADEMIC, "society", "association"),
        titles=(
            "International conference on {FIELD} was held together with {pt}",
            "Joint webinar of BSMU and {pt}",
            "BSMU and {pt} held a joint online conference",
            "Topical issues of {FIELD} were discussed at the international conference",
            "BSMU scientists took part in the congress in {CITY}",
        ),
        intros=(
            "A joint online conference on topical issues of {FIELD} was organised by {BSMU} "
            "and {P}.",
            "{bsmu} and {P} held an international scientific and practical conference on "
            "{FIELD}.",
            "Scientists of {BSMU} took part in the international congress organised by {P} "
            "in {CITY}.",
        ),
        middles=(
            "More than {NN} participants from Belarus, {C} and other countries joined the "
            "conference.",
            "The conference was opened by {VR}, who noted the importance of joint research "
            "in {FIELD}.",
            "Reports were delivered by teachers of {UNIT} and by {HEAD}.",
            "The participants discussed new approaches to diagnosis and treatment, as well as "
            "the training of specialists in {FIELD}.",
            "A separate section was devoted to the research of young scientists; the best "
            "reports were awarded diplomas.",
            "The materials of the conference will be published in a collection of scientific "
            "papers.",
            "Among the speakers were representatives of {P2}.",
        ),
        closings=(
            "The organisers agreed to make the conference an annual event.",
            "The next conference is to be held in {CITY} next year.",
            "The recording of the conference is available to students of both universities.",
        ),
        list_intro="The following sections worked at the conference:",
        list_items=(
            "Clinical medicine;",
            "Public health and hygiene;",
            "Pharmacy and pharmacology;",
            "Medical education.",
        ),
        weight=3,
    ),
    Theme(
        "mobility",
        ("university", "academy"),
        titles=(
            "BSMU students completed practical training at {pt}",
            "Academic mobility: our students in {C}",
            "Summer practice abroad: students of BSMU at {pt}",
        ),
        intros=(
            "A group of students of {UNIT} completed practical training at {P}.",
            "Within the framework of the agreement on academic mobility, students of {BSMU} "
            "underwent summer practice at the clinics of {P}.",
        ),
        middles=(
            "During the practice, the students worked in the departments of {FIELD} and "
            "{FIELD2}, took part in clinical rounds and attended lectures.",
            "The programme of the practice was prepared by {STAFF} together with colleagues "
            "from {p}.",
            "The students noted the high level of organisation and the hospitality of the "
            "host university.",
            "In their free time, the participants got acquainted with the sights of {CITY} "
            "and the culture of {C}.",
            "\u2013 It was a unique experience: we saw how the health system of another "
            "country works, \u2013 shared a student of the Faculty of General Medicine.",
            "Academic mobility programmes with {p} have been running since {SINCE}; during "
            "this time more than {NN} students have taken part in them.",
        ),
        closings=(
            "Next year the exchange will continue: students of {p} are expected at BSMU.",
            "The Department of International Relations invites students to take part in the "
            "next selection.",
            "All participants received certificates of completion of the practice.",
        ),
        list_intro="The programme of the practice included:",
        list_items=(
            "work in clinical departments;",
            "participation in clinical rounds;",
            "lectures and seminars;",
            "a cultural programme.",
        ),
        weight=2,
    ),
    Theme(
        "internship",
        ("university", "academy"),
        titles=(
            "Students of {pt} completed an internship at BSMU",
            "Guests from {C}: an internship for students of {pt}",
            "{CA} students at the clinical sites of BSMU",
        ),
        intros=(
            "{N} students of {P} completed a two-week internship at {BSMU}.",
            "A group of students of {P} underwent practical training at the clinical sites of "
            "{BSMU}.",
        ),
        middles=(
            "The guests worked in the departments of {FIELD} and {FIELD2} of Minsk clinics, "
            "attended lectures and practical classes.",
            "The programme of the internship was prepared by {STAFF} together with "
            "{HEAD}.",
            "Particular interest was shown in the classes at {UNIT}.",
            "The internship was organised within the framework of the agreement on academic "
            "mobility concluded in {SINCE}.",
            "\u2013 We are glad to see our partners from {C} again and hope that the exchange "
            "will become regular, \u2013 said {vr}.",
        ),
        closings=(
            "At the end of the internship, the students received certificates.",
            "Next summer, students of BSMU will go to {CITY} for practical training.",
        ),
        list_intro="The programme of the internship included:",
        list_items=(
            "practical classes at the Simulation and Certification Centre;",
            "work in clinical departments;",
            "lectures on {FIELD};",
            "an excursion around Minsk.",
        ),
        weight=1,
    ),
    Theme(
        "embassy",
        ("embassy",),
        titles=(
            "Meeting with representatives of {pt}",
            "{pt} and BSMU discussed the training of students",
            "Ambassador of {CF} visited BSMU",
            "Diplomats of {C} visited the university",
        ),
        intros=(
            "{BSMU} was visited by representatives of {P}.",
            "A meeting with the delegation of {P} took place at {BSMU}.",
            "{HEAD} visited {BSMU}.",
        ),
        middles=(
            "The guests were received by {VR} and {STAFF}.",
            "The parties discussed the training of citizens of {C} at {bsmu}, their academic "
            "performance and living conditions.",
            "Currently, {NN} citizens of {C} study at the university, most of them at {UNIT}.",
            "{head} noted that graduates of BSMU work successfully in the health system of "
            "{C}.",
            "The diplomats met with students from {C} and answered their questions.",
        ),
        closings=(
            "The parties agreed to continue regular contacts.",
            "At the end of the meeting, the guests visited the Museum of the History of BSMU.",
            "{p} expressed its readiness to assist in the development of contacts between "
            "universities of the two countries.",
        ),
        weight=2,
    ),
    Theme(
        "international",
        ("international", "association", "society"),
        titles=(
            "Training seminar with {pt}",
            "BSMU and {pt}: a new joint project",
            "Cooperation with {pt} continues",
            "Experts of {pt} held a seminar at BSMU",
        ),
        intros=(
            "{BSMU} and {P} held a joint training seminar on {FIELD} for teachers and "
            "clinical residents.",
            "Experts of {P} visited {BSMU} to discuss a joint project in the field of "
            "{FIELD}.",
            "Cooperation between {BSMU} and {P} has been developing for several years.",
        ),
        middles=(
            "The seminar was opened by {VR} and {HEAD}.",
            "The project provides for the development of new educational programmes, training "
            "of teachers and the exchange of information on {FIELD}.",
            "The participants discussed the results of joint work in {YEAR_PREV} and plans "
            "for {YEAR}.",
            "{HEAD} noted the contribution of {bsmu} to the training of specialists in "
            "{FIELD} and thanked the teachers of {UNIT}.",
            "Within the framework of the project, {N} teachers of the university have already "
            "completed training courses.",
        ),
        closings=(
            "The parties agreed to continue joint work in {YEAR_NEXT}.",
            "The materials of the seminar will be used in the educational process.",
        ),
        weight=3,
    ),
    Theme(
        "honorary",
        _ACADEMIC,
        titles=(
            "Colleague from {pt} became Honorary Professor of BSMU",
            "Honorary Professor of BSMU from {C}",
        ),
        intros=(
            "By the decision of the Council of {BSMU}, {HEAD} was awarded the title of "
            "Honorary Professor of BSMU.",
        ),
        middles=(
            "The title was awarded for an outstanding contribution to the development of "
            "cooperation between {bsmu} and {P} and to the training of specialists in "
            "{FIELD}.",
            "{head} has been cooperating with the university since {SINCE}, delivering "
            "lectures to students of {UNIT} and taking part in joint conferences.",
            "The diploma and the mantle of Honorary Professor were presented by {RECTOR}.",
            "In response, {head} thanked the Council of the university for the high "
            "appreciation and expressed confidence that the partnership between the two "
            "universities would continue.",
        ),
        closings=(
            "The ceremony ended with a lecture on {FIELD} for students and teachers.",
        ),
        weight=1,
    ),
    Theme(
        "lecture",
        _ACADEMIC,
        titles=(
            "A professor from {pt} delivered lectures at BSMU",
            "Guest lectures on {FIELD} by colleagues from {C}",
            "Visiting professor from {C} at BSMU",
        ),
        intros=(
            "{HEAD} delivered a series of lectures on {FIELD} for students and clinical "
            "residents of {BSMU}.",
            "Students of {UNIT} attended guest lectures by {HEAD}.",
        ),
        middles=(
            "The lectures were devoted to modern methods of diagnosis and treatment in "
            "{FIELD}, as well as to the organisation of research at {P}.",
            "The visit was organised by {UNIT} with the support of the Department of "
            "International Relations.",
            "The audience asked many questions, and the discussion continued after the "
            "lectures.",
            "{VR} thanked the guest and noted that such visits help students to learn about "
            "international practice.",
        ),
        closings=(
            "Online lectures by teachers of {p} will continue in the next semester.",
            "The recordings of the lectures are available in the electronic library of the "
            "university.",
        ),
        weight=2,
    ),
    Theme(
        "exhibition",
        ("ministry",),
        titles=(
            "BSMU took part in the international education exhibition in {CITY}",
            "Belarusian medical education was presented in {C}",
        ),
        intros=(
            "{BSMU} took part in the international education exhibition held in {CITY} with "
            "the support of {P}.",
        ),
        middles=(
            "The university stand was visited by school leavers and their parents, who were "
            "interested in the conditions of admission and study at {UNIT}.",
            "Representatives of the university held meetings with {HEAD} and discussed the "
            "training of specialists for the health system of {C}.",
            "The delegation of BSMU was headed by {VR}.",
            "Presentations of the university were held in several schools and lyceums of "
            "{CITY}.",
        ),
        closings=(
            "Applications from {C} for the next academic year can be submitted to the "
            "Preparatory Department of the university.",
        ),
        weight=1,
    ),
    Theme(
        "olympiad",
        ("university",),
        titles=(
            "BSMU students won prizes at the international olympiad in {CITY}",
            "Success of our students at the olympiad organised by {pt}",
        ),
        intros=(
            "Students of {BSMU} took part in the international olympiad in {FIELD} organised "
            "by {P}.",
        ),
        middles=(
            "Teams from {N} universities of Belarus, {C} and other countries competed in "
            "theoretical knowledge and practical skills.",
            "The BSMU team, prepared by teachers of {UNIT}, won the second place in the team "
            "competition.",
            "The awards were presented by {HEAD}.",
            "\u2013 We were preparing for several months, and it was great to see our work pay "
            "off, \u2013 said the captain of the team.",
        ),
        closings=(
            "The team thanks {UNIT} and the Department of International Relations for their "
            "support.",
        ),
        weight=1,
    ),
)

#: Paragraphs with a full date in running text: distractors for the date extractor.
#: Event dates lie 2-40 days before publication, planned dates 5-60 days after it.
DATE_PARAGRAPHS: tuple[str, ...] = (
    "On {EVT_DATE} the parties held a preliminary online meeting to agree on the programme.",
    "The next meeting of the partners is scheduled for {PLAN_DATE}.",
    "The materials of the meeting will be published on the university website by "
    "{PLAN_DATE}.",
    "Preparations began on {EVT_DATE}, when {VR} discussed the programme with colleagues "
    "from {CITY}.",
    "A report on the results will be presented to the Council of the university on "
    "{PLAN_DATE}.",
)

#: Paragraphs that fit any story about a country.
GENERIC_PARAGRAPHS: tuple[str, ...] = (
    "{bsmu} has been cooperating with partners from {C} for many years. Today more than "
    "{NN} citizens of {C} study at the Faculty of International Students.",
    "The Department of International Relations of BSMU coordinates cooperation with "
    "partners from {C}.",
)

#: A paragraph only for academic partners (universities, institutes, academies).
ACADEMIC_PARAGRAPHS: tuple[str, ...] = (
    "It should be noted that {p} is among the leading institutions of higher medical "
    "education and research in {C}.",
)

#: How a document was signed (fills ``{HOW}``).
HOW_SIGNED: tuple[str, ...] = (
    "during an online ceremony",
    "in the main building of BSMU",
    "during the visit of the BSMU delegation to {CITY}",
    "at the meeting of the rectors in Minsk",
)

#: Titles of a partner's official, by kind of organisation; ``{p}`` names the partner.
HEAD_TITLES: dict[str, tuple[str, ...]] = {
    "university": (
        "Rector of {p}, Professor",
        "Vice-Rector for International Affairs of {p}",
        "President of {p}, Professor",
        "Dean of the Faculty of Medicine of {p}, Professor",
        "Head of the International Office of {p}",
    ),
    "institute": ("Director of {p}, Professor", "Deputy Director for Research of {p}"),
    "academy": ("Rector of {p}, Professor", "Vice-President of {p}"),
    "society": ("Chairman of {p}", "Board member of {p}"),
    "association": ("President of {p}", "Executive Director of {p}"),
    "international": ("Head of {p}", "Representative of {p}", "Programme Coordinator of {p}"),
    "ministry": (
        "Head of the Department of Science and Education of {p}",
        "Deputy Head of the International Cooperation Department of {p}",
    ),
    "embassy": (
        "Ambassador Extraordinary and Plenipotentiary of {CF} to the Republic of Belarus",
        "Counsellor of {p}",
        "First Secretary of {p}",
    ),
}
