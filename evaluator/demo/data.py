"""Demo data for the Lighthouse Evaluator: plain Python, no application imports.

The 2021 round reproduces TU Dresden's first lighthouse selection: 22 awarded initiatives in five
categories, described here in our own words. Contact persons, e-mail addresses, phone numbers,
key figures, commission members and the nominations that were not awarded are fictional, as are
the nominations of the running 2026 round. ``evaluator.demo.seed`` loads all of it.
"""

from __future__ import annotations

# Organisational units: schools, faculties, institutes, centres and central units.
# Parents come before their children; ``parent`` is the parent's name.
ORG_UNITS: list[dict] = [
    {"name": "School of Science", "short_name": "MN", "kind": "school", "parent": None},
    {
        "name": "School of Humanities and Social Sciences",
        "short_name": "GSW",
        "kind": "school",
        "parent": None,
    },
    {
        "name": "School of Engineering Sciences",
        "short_name": "ING",
        "kind": "school",
        "parent": None,
    },
    {
        "name": "School of Civil and Environmental Engineering",
        "short_name": "BU",
        "kind": "school",
        "parent": None,
    },
    {"name": "School of Medicine", "short_name": "MED", "kind": "school", "parent": None},
    {
        "name": "Faculty of Physics",
        "short_name": "PHY",
        "kind": "faculty",
        "parent": "School of Science",
    },
    {
        "name": "Institute of Nuclear and Particle Physics",
        "short_name": "IKTP",
        "kind": "institute",
        "parent": "Faculty of Physics",
    },
    {
        "name": "Faculty of Arts, Humanities and Social Sciences",
        "short_name": "PHF",
        "kind": "faculty",
        "parent": "School of Humanities and Social Sciences",
    },
    {
        "name": "Institute of Political Science",
        "short_name": "IPW",
        "kind": "institute",
        "parent": "Faculty of Arts, Humanities and Social Sciences",
    },
    {
        "name": "Institute of Romance Studies",
        "short_name": "IRS",
        "kind": "institute",
        "parent": "Faculty of Arts, Humanities and Social Sciences",
    },
    {
        "name": "Faculty of Education",
        "short_name": "EW",
        "kind": "faculty",
        "parent": "School of Humanities and Social Sciences",
    },
    {
        "name": "Institute of Vocational Education and Vocational Didactics",
        "short_name": "IBBD",
        "kind": "institute",
        "parent": "Faculty of Education",
    },
    {
        "name": "Mercator Forum for Migration and Democracy",
        "short_name": "MIDEM",
        "kind": "centre",
        "parent": "School of Humanities and Social Sciences",
    },
    {
        "name": "Faculty of Computer Science",
        "short_name": "INF",
        "kind": "faculty",
        "parent": "School of Engineering Sciences",
    },
    {
        "name": "Institute of Artificial Intelligence",
        "short_name": "IKI",
        "kind": "institute",
        "parent": "Faculty of Computer Science",
    },
    {
        "name": "Faculty of Electrical and Computer Engineering",
        "short_name": "ET",
        "kind": "faculty",
        "parent": "School of Engineering Sciences",
    },
    {
        "name": "Faculty of Mechanical Science and Engineering",
        "short_name": "MW",
        "kind": "faculty",
        "parent": "School of Engineering Sciences",
    },
    {
        "name": "Institute of Lightweight Engineering and Polymer Technology",
        "short_name": "ILK",
        "kind": "institute",
        "parent": "Faculty of Mechanical Science and Engineering",
    },
    {
        "name": "Institute of Aerospace Engineering",
        "short_name": "ILR",
        "kind": "institute",
        "parent": "Faculty of Mechanical Science and Engineering",
    },
    {
        "name": "Faculty of Civil Engineering",
        "short_name": "BI",
        "kind": "faculty",
        "parent": "School of Civil and Environmental Engineering",
    },
    {
        "name": "Institute of Construction Materials",
        "short_name": "IfB",
        "kind": "institute",
        "parent": "Faculty of Civil Engineering",
    },
    {
        "name": "Institute of Structural Analysis",
        "short_name": "ISD",
        "kind": "institute",
        "parent": "Faculty of Civil Engineering",
    },
    {
        "name": "Institute of Concrete Structures",
        "short_name": "IMB",
        "kind": "institute",
        "parent": "Faculty of Civil Engineering",
    },
    {
        "name": "Faculty of Environmental Sciences",
        "short_name": "UW",
        "kind": "faculty",
        "parent": "School of Civil and Environmental Engineering",
    },
    {
        "name": "Institute of Photogrammetry and Remote Sensing",
        "short_name": "IPF",
        "kind": "institute",
        "parent": "Faculty of Environmental Sciences",
    },
    {
        "name": 'Faculty of Transport and Traffic Sciences "Friedrich List"',
        "short_name": "VW",
        "kind": "faculty",
        "parent": "School of Civil and Environmental Engineering",
    },
    {
        "name": "Institute of Transport Planning and Road Traffic",
        "short_name": "IVS",
        "kind": "institute",
        "parent": 'Faculty of Transport and Traffic Sciences "Friedrich List"',
    },
    {
        "name": "Faculty of Medicine",
        "short_name": "MF",
        "kind": "faculty",
        "parent": "School of Medicine",
    },
    {
        "name": "Institute of Clinical Chemistry and Laboratory Medicine",
        "short_name": "IKL",
        "kind": "institute",
        "parent": "Faculty of Medicine",
    },
    {
        "name": "OncoRay – National Center for Radiation Research in Oncology",
        "short_name": "OncoRay",
        "kind": "centre",
        "parent": "Faculty of Medicine",
    },
    {
        "name": "Center for Regenerative Therapies Dresden",
        "short_name": "CRTD",
        "kind": "centre",
        "parent": None,
    },
    {
        "name": "Center for Teacher Education and Educational Research",
        "short_name": "ZLSB",
        "kind": "central_unit",
        "parent": None,
    },
    {
        "name": "Center for International Studies",
        "short_name": "ZIS",
        "kind": "central_unit",
        "parent": None,
    },
    {
        "name": "International Institute (IHI) Zittau",
        "short_name": "IHI",
        "kind": "central_unit",
        "parent": None,
    },
]

# The five categories of the 2021 selection, each with its score criteria (scale 0 to 5).
CATEGORIES: list[dict] = [
    {
        "key": "partnerships",
        "name": "Partnerships",
        "description": (
            "Long-standing partnerships with one university abroad that involve several institutes "
            "or faculties and combine joint degrees, shared research and regular joint events. "
            "They keep TUD's international ties alive over years, especially for early-career "
            "researchers."
        ),
        "criteria": [
            {
                "name": "Depth and duration of the cooperation",
                "guidance": (
                    "0: occasional contacts without a formal basis; 5: a cooperation running for "
                    "many years, anchored in several units and actively maintained on both sides."
                ),
                "weight": 2.0,
            },
            {
                "name": "Joint degrees and doctoral training",
                "guidance": (
                    "0: no joint study or doctoral offers; 5: established double or joint degrees "
                    "and co-supervised doctorates with graduates every year."
                ),
                "weight": 1.5,
            },
            {
                "name": "Joint research output",
                "guidance": (
                    "0: no joint projects or publications; 5: a steady flow of joint projects and "
                    "co-authored publications of high quality."
                ),
                "weight": 1.5,
            },
            {
                "name": "Mobility of students and staff",
                "guidance": (
                    "0: no exchange in either direction; 5: regular two-way exchange of students, "
                    "researchers and administrative staff."
                ),
                "weight": 1.0,
            },
            {
                "name": "Strategic value for TUD",
                "guidance": (
                    "0: relevant to a single chair only; 5: the partnership clearly strengthens "
                    "TUD's international profile and fits its internationalisation strategy."
                ),
                "weight": 2.0,
            },
        ],
    },
    {
        "key": "international-networks",
        "name": "International networks with outstanding TUD participation",
        "description": (
            "Research networks with partners around the world that are known for innovative, "
            "pioneering work, and in which members of TUD play a leading and clearly visible role."
        ),
        "criteria": [
            {
                "name": "Scientific standing of the network",
                "guidance": (
                    "0: a network without recognisable standing in its field; 5: a network that "
                    "sets the international agenda of its research area."
                ),
                "weight": 1.5,
            },
            {
                "name": "Role and visibility of TUD members",
                "guidance": (
                    "0: TUD is a passive member; 5: TUD coordinates the network or leads central "
                    "work packages and is visibly associated with its results."
                ),
                "weight": 2.0,
            },
            {
                "name": "Innovation of the research",
                "guidance": (
                    "0: routine work without new questions; 5: pioneering research that opens up "
                    "new directions or methods."
                ),
                "weight": 1.5,
            },
            {
                "name": "Opportunities for early-career researchers",
                "guidance": (
                    "0: no involvement of doctoral candidates or postdocs; 5: structured training, "
                    "mobility and leadership opportunities for early-career researchers."
                ),
                "weight": 1.0,
            },
            {
                "name": "Sustainability and funding",
                "guidance": (
                    "0: short-lived and unfunded; 5: secure funding and structures that will carry "
                    "the network for years."
                ),
                "weight": 1.0,
            },
        ],
    },
    {
        "key": "local-networks",
        "name": "Local networks with international radiance",
        "description": (
            "Networks built around research institutes in Dresden whose work has a strong "
            "international impact in its field."
        ),
        "criteria": [
            {
                "name": "International impact of the research",
                "guidance": (
                    "0: hardly noticed outside Dresden; 5: widely cited, invited and emulated by "
                    "leading groups worldwide."
                ),
                "weight": 2.0,
            },
            {
                "name": "Integration of Dresden institutions",
                "guidance": (
                    "0: a single chair working alone; 5: several TUD units and non-university "
                    "institutes in Dresden working closely together."
                ),
                "weight": 1.5,
            },
            {
                "name": "International partners and visibility",
                "guidance": (
                    "0: no international partners; 5: lasting cooperation with renowned partners "
                    "abroad and a strong international presence."
                ),
                "weight": 1.5,
            },
            {
                "name": "Training of young researchers",
                "guidance": (
                    "0: no dedicated training; 5: graduate schools, research training groups or "
                    "international master's programmes tied to the network."
                ),
                "weight": 1.0,
            },
            {
                "name": "Transfer to practice and society",
                "guidance": (
                    "0: no visible transfer; 5: results regularly reach industry, professional "
                    "practice and the wider public."
                ),
                "weight": 1.0,
            },
        ],
    },
    {
        "key": "national-networks",
        "name": "National networks",
        "description": (
            "Networks that connect TUD with several universities and non-university institutions "
            "of one other country and work together in more than one field – research, the "
            "exchange of students, the transfer of technology and more."
        ),
        "criteria": [
            {
                "name": "Breadth of the network in the partner country",
                "guidance": (
                    "0: a single partner institution; 5: many universities and non-university "
                    "institutions from several regions of the country."
                ),
                "weight": 2.0,
            },
            {
                "name": "Range of cooperation areas",
                "guidance": (
                    "0: only a single activity; 5: research, teaching, mobility and transfer are "
                    "all well developed and linked."
                ),
                "weight": 1.5,
            },
            {
                "name": "Intensity of exchange",
                "guidance": (
                    "0: no regular exchange; 5: frequent mobility of students, researchers and "
                    "staff in both directions."
                ),
                "weight": 1.0,
            },
            {
                "name": "Continuity and institutional anchoring",
                "guidance": (
                    "0: depends on one person; 5: anchored in agreements and structures on both "
                    "sides with a record of many years."
                ),
                "weight": 1.5,
            },
        ],
    },
    {
        "key": "programmes",
        "name": "Programmes",
        "description": (
            "Study and training programmes for particular target groups that make TUD visible "
            "internationally and add to its appeal for students and partners."
        ),
        "criteria": [
            {
                "name": "International visibility and appeal",
                "guidance": (
                    "0: hardly known abroad; 5: attracts applicants and partners from many "
                    "countries and is a recognised brand."
                ),
                "weight": 2.0,
            },
            {
                "name": "Quality and distinctiveness",
                "guidance": (
                    "0: an ordinary offer found at many universities; 5: an outstanding programme "
                    "with a profile few others can match."
                ),
                "weight": 1.5,
            },
            {
                "name": "Reach of the target groups",
                "guidance": (
                    "0: very few participants; 5: reaches its intended target groups broadly, "
                    "reliably and in growing numbers."
                ),
                "weight": 1.0,
            },
            {
                "name": "Alumni and lasting ties",
                "guidance": (
                    "0: no contact after participation; 5: an active alumni community that keeps "
                    "graduates connected with TUD."
                ),
                "weight": 1.0,
            },
            {
                "name": "Organisational sustainability",
                "guidance": (
                    "0: depends on temporary funding and one person; 5: secure structures, funding "
                    "and staff for the years ahead."
                ),
                "weight": 1.5,
            },
        ],
    },
]

# The 22 initiatives awarded in 2021, in the order of the published list. Facts follow the
# public description of that round; texts, contacts and key figures (last three years)
# are our own.
AWARDED_2021: list[dict] = [
    {
        "key": "trento",
        "category": "partnerships",
        "title": "Partnership with the University of Trento",
        "org_unit": "School of Humanities and Social Sciences",
        "summary": (
            "A broad and long-running partnership between TUD's humanities and social sciences and "
            "the University of Trento. It combines double-degree master's tracks, co-supervised "
            "doctorates, Italian language courses and a steady calendar of jointly organised "
            "academic events."
        ),
        "description": (
            "For many years the School of Humanities and Social Sciences has worked closely with "
            "the University of Trento in northern Italy. The cooperation is not limited to one "
            "subject: institutes from across the School carry it.\n\n"
            "What the partnership offers:\n\n"
            "- double-degree master's tracks in European languages, literatures and cultures in "
            "social change, in sociology, in philosophy, and in history and art history;\n"
            "- a bi-national doctoral track connected to Trento's doctoral school on cultural "
            "transfer;\n"
            "- Italian summer language courses open to TUD students from every field;\n"
            "- summer schools, workshops and conferences planned and run together.\n\n"
            "Every year students and doctoral candidates move between Dresden and Trento, and the "
            "shared events give early-career researchers a reliable European network."
        ),
        "start_year": 2008,
        "website": None,
        "partners": [("University of Trento", "Italy")],
        "contacts": [
            {
                "name": "Dr. Elena Marquardt-Rossi",
                "role": "International affairs, School of Humanities and Social Sciences",
                "email": "elena.marquardt-rossi@example.org",
                "phone": "+49 351 555 0101",
            },
        ],
        "key_figures": {
            "exchanged_students": 64,
            "exchanged_staff": 18,
            "joint_degree_programmes": 5,
            "joint_publications": 22,
            "joint_events": 9,
        },
    },
    {
        "key": "flinders",
        "category": "partnerships",
        "title": "Strategic partnership with Flinders University, Adelaide",
        "org_unit": "Faculty of Medicine",
        "summary": (
            "Since 2014 the Faculty of Medicine and Flinders University in Adelaide have exchanged "
            "final-year medical students, carried out joint research and compared how they "
            "organise medical education, drawing on the Australian partner's strength in "
            "curriculum design."
        ),
        "description": (
            "The Faculty of Medicine entered into a strategic partnership with Flinders University "
            "in Adelaide, South Australia, in 2014.\n\n"
            "Medical students in their final clinical year can spend placements at the partner's "
            "teaching hospitals and learn first-hand how patients are cared for in another health "
            "system. Besides this student exchange, research groups on both sides run joint "
            "projects, and administrative staff meet regularly to improve the conditions for "
            "exchange and cooperation.\n\n"
            "Flinders is known worldwide for studying how medical curricula are designed and how "
            "medicine is best taught, and teaching in Dresden profits from this. The Australian "
            "partner also helped to design and develop the yearly Dresden summer school on "
            "technology transfer in the life sciences."
        ),
        "start_year": 2014,
        "website": None,
        "partners": [("Flinders University", "Australia")],
        "contacts": [
            {
                "name": "Dr. Henrike Vollmer",
                "role": "International relations officer, School of Medicine",
                "email": "henrike.vollmer@example.org",
                "phone": "+49 351 555 0102",
            },
        ],
        "key_figures": {
            "exchanged_students": 38,
            "exchanged_staff": 11,
            "joint_degree_programmes": None,
            "joint_publications": 27,
            "joint_events": 6,
        },
    },
    {
        "key": "tongji",
        "category": "partnerships",
        "title": "Cooperation with Tongji University, Shanghai",
        "org_unit": "Institute of Lightweight Engineering and Polymer Technology",
        "summary": (
            "TUD and Tongji University have cooperated since 1998. A double-degree programme in "
            "mechanical engineering has run since 2015, complemented by joint research, "
            "co-authored papers and bilateral events such as a DFG-funded Sino-German symposium on "
            "smart compliant mechanisms."
        ),
        "description": (
            "The agreement between TUD and Tongji University in Shanghai goes back to 1998. Tongji "
            "is among China's oldest universities and ranks highly in international comparisons, "
            "above all in engineering.\n\n"
            "Since 2015 both universities have offered a double-degree track for postgraduate "
            "studies in mechanical engineering, coordinated in Dresden by TUD's Institute of "
            "Lightweight Engineering and Polymer Technology. Students spend part of their studies "
            "at the partner university and graduate with degrees from both.\n\n"
            "Over more than two decades the cooperation has grown well beyond teaching: joint "
            "research projects, co-authored publications and bilateral workshops are now routine. "
            "A recent highlight was a symposium on smart compliant mechanisms funded by the German "
            "Research Foundation."
        ),
        "start_year": 1998,
        "website": None,
        "partners": [("Tongji University", "China")],
        "contacts": [
            {
                "name": "Prof. Dr.-Ing. Tobias Wendeborn",
                "role": "Professor and partnership coordinator",
                "email": "tobias.wendeborn@example.org",
                "phone": "+49 351 555 0103",
            },
            {
                "name": "Dr.-Ing. Mei-Lin Kaufhold",
                "role": "Coordinator of the double-degree programme",
                "email": "mei-lin.kaufhold@example.org",
                "phone": "+49 351 555 0104",
            },
        ],
        "key_figures": {
            "exchanged_students": 46,
            "exchanged_staff": 12,
            "joint_degree_programmes": 1,
            "joint_publications": 31,
            "joint_events": 5,
        },
    },
    {
        "key": "stellenbosch",
        "category": "partnerships",
        "title": "Partnership with Stellenbosch University",
        "org_unit": "School of Science",
        "summary": (
            "TUD's School of Science, together with its Center for Teacher Education and "
            "Educational Research, works with Stellenbosch University, which ranks among the top "
            "universities of South Africa. The partnership covers doctoral research stays, tandem "
            "teaching and staff exchange on topics such as big data and governance."
        ),
        "description": (
            "Stellenbosch University is one of the strongest research universities in South "
            "Africa. For TUD's School of Science and for its Center for Teacher Education and "
            "Educational Research alike it is a key partner, and both sides regard the partnership "
            "as strategically important rather than as a mere channel for mobility.\n\n"
            "- **Doctoral candidates** spend research stays at the partner institution and are "
            "supervised by professors from both universities; these stays often lead to further "
            "joint projects.\n"
            "- **Teaching staff** contribute to courses on site or online. A tandem format, in "
            "which guest and host teach a class together, is being piloted and is open to students "
            "of both universities.\n"
            "- **Administrative staff** share experience on topical issues like big data, "
            "university governance and the monitoring of internationalisation.\n\n"
            "Regular contact on all these levels keeps the partnership growing."
        ),
        "start_year": 2016,
        "website": None,
        "partners": [("Stellenbosch University", "South Africa")],
        "contacts": [
            {
                "name": "Annika Sperling",
                "role": "International affairs, School of Science",
                "email": "annika.sperling@example.org",
                "phone": "+49 351 555 0105",
            },
        ],
        "key_figures": {
            "exchanged_students": 21,
            "exchanged_staff": 15,
            "joint_degree_programmes": None,
            "joint_publications": 9,
            "joint_events": 7,
        },
    },
    {
        "key": "usti",
        "category": "partnerships",
        "title": "Partnership with Jan Evangelista Purkyně University in Ústí nad Labem",
        "org_unit": "Institute of Political Science",
        "summary": (
            "A cross-border partnership with the university in Ústí nad Labem that deals with the "
            "legacy of post-socialist transformation and with strengthening civic culture in the "
            "German–Czech border region, through joint teaching, research and projects with "
            "schools."
        ),
        "description": (
            "TUD's partnership with Jan Evangelista Purkyně University in Ústí nad Labem matters "
            "well beyond academia. It speaks to the border region of Saxony and northern Bohemia, "
            "whose societies are still working through the after-effects of post-socialist change "
            "while building an active civic culture.\n\n"
            "Political scientists of both universities run joint seminars that combine teaching "
            "and research. In the summer semester of 2021, German and Czech students attended the "
            "same classes as mixed groups for the first time. The research project CouReg, carried "
            "out with partners outside the universities, promotes democratic engagement and moral "
            "courage in the region; it involves university students as well as pupils in grades 7 "
            "to 10 on both sides of the border.\n\n"
            "Other TUD institutes work with Ústí too, for instance on sustainable mobility in "
            "cities (Institute of Transport Planning and Road Traffic) and on developing the "
            "Saxon-Bohemian Switzerland area across the border (Institute of Photogrammetry and "
            "Remote Sensing)."
        ),
        "start_year": 2010,
        "website": None,
        "partners": [("Jan Evangelista Purkyně University in Ústí nad Labem", "Czech Republic")],
        "contacts": [
            {
                "name": "Dr. Jakub Reinhold",
                "role": "Research associate, Institute of Political Science",
                "email": "jakub.reinhold@example.org",
                "phone": None,
            },
            {
                "name": "Theresa Fuchsberger",
                "role": "International affairs, School of Humanities and Social Sciences",
                "email": "theresa.fuchsberger@example.org",
                "phone": "+49 351 555 0106",
            },
        ],
        "key_figures": {
            "exchanged_students": 35,
            "exchanged_staff": 10,
            "joint_degree_programmes": None,
            "joint_publications": 8,
            "joint_events": 12,
        },
    },
    {
        "key": "intrim",
        "category": "international-networks",
        "title": "International Trained Immunity Consortium (INTRIM)",
        "org_unit": "Institute of Clinical Chemistry and Laboratory Medicine",
        "summary": (
            "TUD's Institute of Clinical Chemistry and Laboratory Medicine is a member of INTRIM, "
            "an international consortium that studies how the innate immune system keeps a lasting "
            "memory of earlier challenges – known as trained immunity – and how this can be used "
            "against disease."
        ),
        "description": (
            "INTRIM brings together research groups from several countries around a recently "
            "discovered immunological principle. The innate immune system, long believed to act "
            "without any memory, can in fact adapt for a long time after meeting a pathogen or a "
            "vaccine. Researchers call this phenomenon trained immunity.\n\n"
            "The consortium investigates the cellular and molecular mechanisms behind these "
            "lasting adaptations, from metabolic and epigenetic reprogramming of immune cells to "
            "changes in their progenitors in the bone marrow. The Dresden institute contributes "
            "its expertise in inflammation and in the biology of myeloid cells and coordinates "
            "joint work on haematopoietic progenitors.\n\n"
            "A better understanding of trained immunity opens new routes to treating infections, "
            "chronic inflammatory diseases and cancer, and to designing more effective vaccines."
        ),
        "start_year": 2018,
        "website": None,
        "partners": [
            ("Radboud University Medical Center", "Netherlands"),
            ("University of Bonn", "Germany"),
            ("National and Kapodistrian University of Athens", "Greece"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr. med. Clara Weidenfeld",
                "role": "Director, Institute of Clinical Chemistry and Laboratory Medicine",
                "email": "clara.weidenfeld@example.org",
                "phone": None,
            },
        ],
        "key_figures": {
            "exchanged_students": None,
            "exchanged_staff": 8,
            "joint_degree_programmes": None,
            "joint_publications": 24,
            "joint_events": 4,
        },
    },
    {
        "key": "gppad",
        "category": "international-networks",
        "title": "Global Platform for the Prevention of Autoimmune Diabetes (GPPAD)",
        "org_unit": "Center for Regenerative Therapies Dresden",
        "summary": (
            "Launched in 2015, GPPAD links academic centres and hospitals across Europe to build a "
            "shared infrastructure for trials that aim to stop type 1 diabetes before it develops. "
            "Dresden contributes genetic risk scores that are used in newborn screening."
        ),
        "description": (
            "GPPAD was founded in 2015 as a European alliance of universities, research institutes "
            "and hospitals. It aims at a common infrastructure for clinical studies that try to "
            "prevent type 1 diabetes from developing in the first place.\n\n"
            "Dresden plays a leading part. Researchers at the Center for Regenerative Therapies "
            "Dresden and the Faculty of Medicine, working with the paediatric clinic of the "
            "University Hospital, developed genetic risk scores that make it possible to find "
            "infants with a high risk of type 1 diabetes by screening all newborns in a "
            "population. Infants found in this way can then join prevention trials.\n\n"
            "The platform's studies run at centres in several European countries. Pooling them "
            "makes it possible to recruit enough participants for robust results and to share "
            "methods, data standards and expertise."
        ),
        "start_year": 2015,
        "website": None,
        "partners": [
            ("Helmholtz Munich", "Germany"),
            ("KU Leuven", "Belgium"),
            ("University of Oxford", "United Kingdom"),
            ("Lund University", "Sweden"),
            ("Medical University of Warsaw", "Poland"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr. Matthias Brenneke",
                "role": "Research group leader, CRTD",
                "email": "matthias.brenneke@example.org",
                "phone": None,
            },
            {
                "name": "Prof. Dr. med. Sophie Lindqvist",
                "role": "Head of paediatric diabetology, University Hospital Dresden",
                "email": "sophie.lindqvist@example.org",
                "phone": "+49 351 555 0107",
            },
        ],
        "key_figures": {
            "exchanged_students": None,
            "exchanged_staff": 6,
            "joint_degree_programmes": None,
            "joint_publications": 19,
            "joint_events": 8,
        },
    },
    {
        "key": "eptn",
        "category": "international-networks",
        "title": "OncoRay proton therapy in the European Particle Therapy Network (EPTN)",
        "org_unit": "OncoRay – National Center for Radiation Research in Oncology",
        "summary": (
            "OncoRay's proton therapy facility treats patients and, through a separate beamline, "
            "hosts experiments on the biology and physics of proton beams. Its physicians and "
            "scientists coordinate work packages of the European Particle Therapy Network and take "
            "part in several EU projects."
        ),
        "description": (
            "The OncoRay research building in Dresden houses a proton therapy facility that "
            "combines patient care with research. Besides the treatment room, a dedicated beamline "
            "leads to an experimental hall. Whenever the beam is not needed for patients, "
            "researchers use it to study how protons act on cells and tissue, in vitro and in "
            "vivo, and to work on questions of physics and engineering.\n\n"
            "OncoRay unites medicine, physics, biology and computer science and is directly linked "
            "to the University Hospital's department of radiotherapy and radiation oncology – a "
            "combination that few places can offer.\n\n"
            "In particle therapy, the Dresden team works closely with other European centres in "
            "the European Particle Therapy Network (EPTN), where it coordinates several work "
            "packages. It is also a partner in EU-funded projects centred on proton therapy, among "
            "them INSPIRE, PROTECT and RAPTOR."
        ),
        "start_year": 2015,
        "website": None,
        "partners": [
            ("European Society for Radiotherapy and Oncology (ESTRO)", "Belgium"),
            ("Paul Scherrer Institute", "Switzerland"),
            ("Aarhus University Hospital", "Denmark"),
            ("University Medical Center Groningen", "Netherlands"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr. med. Katharina Ostwald",
                "role": "Head of University Proton Therapy Dresden",
                "email": "katharina.ostwald@example.org",
                "phone": "+49 351 555 0108",
            },
            {
                "name": "Dr. rer. nat. Felix Haberland",
                "role": "Scientific coordinator, OncoRay",
                "email": "felix.haberland@example.org",
                "phone": None,
            },
        ],
        "key_figures": {
            "exchanged_students": 12,
            "exchanged_staff": 14,
            "joint_degree_programmes": None,
            "joint_publications": 41,
            "joint_events": 10,
        },
    },
    {
        "key": "aerospace",
        "category": "international-networks",
        "title": "Aerospace engineering in space: SOMP2b, MetabolicSpace and ASCENSION",
        "org_unit": "Institute of Aerospace Engineering",
        "summary": (
            "TUD's Institute of Aerospace Engineering runs experiments on its own satellite "
            "SOMP2b, developed MetabolicSpace, with which astronauts train on the ISS, and leads "
            "ASCENSION, a European doctoral network on reusable launch vehicles."
        ),
        "description": (
            "Few universities can say that their students work with hardware in orbit. With the "
            "small satellite SOMP2b, the Institute of Aerospace Engineering carries out "
            "experiments in space, and students help to build and operate it.\n\n"
            "MetabolicSpace, a measuring system developed in Dresden, is in use on the "
            "International Space Station, where ESA astronauts have trained with it.\n\n"
            "The institute also coordinates ASCENSION, an international doctoral programme funded "
            "as a Horizon 2020 Innovative Training Network. Its doctoral candidates work on "
            "reusable launchers for Europe together with well-known partners from industry and "
            "research across the continent."
        ),
        "start_year": 2013,
        "website": None,
        "partners": [
            ("German Aerospace Center (DLR)", "Germany"),
            ("European Space Agency (ESA)", "France"),
            ("ArianeGroup", "France"),
            ("Politecnico di Milano", "Italy"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr.-Ing. Ruben Falkenhagen",
                "role": "Chair of Space Systems",
                "email": "ruben.falkenhagen@example.org",
                "phone": "+49 351 555 0109",
            },
        ],
        "key_figures": {
            "exchanged_students": 17,
            "exchanged_staff": 9,
            "joint_degree_programmes": None,
            "joint_publications": 28,
            "joint_events": 6,
        },
    },
    {
        "key": "rolls-royce",
        "category": "international-networks",
        "title": (
            'Rolls-Royce University Technology Centre "Lightweight Structures and Materials and '
            'Robust Design"'
        ),
        "org_unit": "Institute of Lightweight Engineering and Polymer Technology",
        "summary": (
            "Dresden hosts one of the University Technology Centres that Rolls-Royce maintains "
            "worldwide. Led by TUD's lightweight engineering institute, it carries research on "
            "lightweight multi-material structures and robust design into the company's propulsion "
            "systems."
        ),
        "description": (
            "Since 1990 Rolls-Royce, a leading maker of power systems for aviation and for use on "
            "land and at sea, has built a worldwide network of University Technology Centres "
            "(UTCs), 29 of them today. Each concentrates on one technology that matters for future "
            "propulsion systems.\n\n"
            "The Dresden UTC focuses on lightweight structures and materials and on robust design. "
            "It drives work on lightweight systems and multi-material design and aims to move "
            "results from fundamental research into industrial use at Rolls-Royce.\n\n"
            "Involved at TUD are all three chairs of TUD's Institute of Lightweight Engineering "
            "and Polymer Technology as well as the chairs of turbomachinery and flight propulsion, "
            "building energy systems and heat supply, materials technology, and machine elements."
        ),
        "start_year": 2006,
        "website": None,
        "partners": [
            ("Rolls-Royce plc", "United Kingdom"),
            ("Rolls-Royce Deutschland Ltd & Co KG", "Germany"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr.-Ing. Dorothea Kempf",
                "role": "Director of the UTC",
                "email": "dorothea.kempf@example.org",
                "phone": "+49 351 555 0110",
            },
            {
                "name": "Dr.-Ing. Lukas Brenner",
                "role": "Coordinator of the UTC",
                "email": "lukas.brenner@example.org",
                "phone": "+49 351 555 0111",
            },
        ],
        "key_figures": {
            "exchanged_students": 9,
            "exchanged_staff": 16,
            "joint_degree_programmes": None,
            "joint_publications": 35,
            "joint_events": 4,
        },
    },
    {
        "key": "vocational",
        "category": "international-networks",
        "title": "International networks in vocational and continuing education",
        "org_unit": "Institute of Vocational Education and Vocational Didactics",
        "summary": (
            "TUD's researchers in vocational education are active in international expert networks "
            "in two ways: they advise policy-makers, for example on behalf of the European "
            "Parliament or the OECD, and they design curricula for teacher training together with "
            "partners abroad."
        ),
        "description": (
            "In vocational and continuing education, TUD contributes to international networks on "
            "two levels.\n\n"
            "**Policy advice.** Researchers at TUD's Institute of Vocational Education and "
            "Vocational Didactics prepare recommendations on general, higher, vocational and "
            "workplace-based continuing education. Most of this work takes place in international "
            "research commissions and networks, for instance in studies for the European "
            "Parliament or the OECD.\n\n"
            "**Curriculum development.** Several chairs of the institute lead projects around the "
            "world that design curricula for educating teachers, in particular teachers at "
            "vocational schools. The funding comes from international clients such as the European "
            "Union and GIZ and from ministries and agencies in the partner countries. Some "
            "partners run postgraduate courses jointly with Dresden."
        ),
        "start_year": 2005,
        "website": None,
        "partners": [
            ("OECD", "France"),
            ("European Parliament", "Belgium"),
            ("Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)", "Germany"),
        ],
        "contacts": [
            {
                "name": "Dr. Miriam Schönleber",
                "role": "Research coordinator, vocational education",
                "email": "miriam.schoenleber@example.org",
                "phone": "+49 351 555 0112",
            },
        ],
        "key_figures": {
            "exchanged_students": 14,
            "exchanged_staff": 22,
            "joint_degree_programmes": 2,
            "joint_publications": 17,
            "joint_events": 11,
        },
    },
    {
        "key": "structural-engineering",
        "category": "local-networks",
        "title": "Innovative Research on Structural Engineering",
        "org_unit": "Institute of Construction Materials",
        "summary": (
            "A Dresden research network on two themes: digital concrete construction, in which TUD "
            "has pioneered automated and 3D-printed concrete since 2014, and structures that "
            "withstand impact, studied in the DFG research training group GRK 2250."
        ),
        "description": (
            "The network bundles TUD's research in structural engineering in two fields.\n\n"
            "**Digital concrete technologies.** Digitising and automating the production of "
            "concrete structures promises higher productivity, less waste of resources and better "
            "working conditions on site. TUD started to work on digital fabrication with concrete "
            "in 2014. One early result, CONPrint3D – a process that shapes fresh concrete in three "
            "dimensions on the building site – won the research prize at BAUMA 2016. Many national "
            "and international projects have followed, and Dresden researchers are among the most "
            "published in the field worldwide. Since 2018 the fundamental research has been "
            "concentrated in the DFG priority programme SPP 2005 OPUS FLUIDUM FUTURUM on the "
            "rheology of reactive building materials.\n\n"
            "**Impact safety.** Most existing concrete and reinforced-concrete structures cope "
            "poorly with short, intense dynamic loads such as impacts, explosions or earthquakes. "
            "The research training group GRK 2250, running since 2017, explores how new, "
            "sustainable structures can be made highly resistant to such loads by means of "
            "mineral-bonded composites. International experts associated with the group have "
            "praised its quality and its interdisciplinary approach."
        ),
        "start_year": 2014,
        "website": None,
        "partners": [
            ("Leibniz Institute of Polymer Research Dresden", "Germany"),
            ("Federal Institute for Materials Research and Testing (BAM)", "Germany"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr.-Ing. Valentin Hollerbach",
                "role": "Director, Institute of Construction Materials",
                "email": "valentin.hollerbach@example.org",
                "phone": "+49 351 555 0113",
            },
        ],
        "key_figures": {
            "exchanged_students": 26,
            "exchanged_staff": 13,
            "joint_degree_programmes": None,
            "joint_publications": 58,
            "joint_events": 7,
        },
    },
    {
        "key": "computational-engineering",
        "category": "local-networks",
        "title": "Advanced Computational Engineering",
        "org_unit": "Institute of Structural Analysis",
        "summary": (
            "A research network on virtual and digital methods in engineering, especially civil "
            "engineering. It includes the Collaborative Research Centre TRR 339 on digital twins "
            "of roads, partners such as Columbia, Tsinghua and Harbin, and the international "
            "master's programme ACCESS."
        ),
        "description": (
            "Computer models and digital methods are changing how structures are planned, built "
            "and maintained. The Advanced Computational Engineering network, led by TUD's "
            "Institute of Structural Analysis, brings together researchers who develop these "
            "methods for engineering and for civil engineering in particular.\n\n"
            "Highlights:\n\n"
            '- **SFB/TRR 339 "Digital Twin Road"** – a DFG Collaborative Research Centre that '
            "builds digital replicas of road infrastructure;\n"
            "- **international partners** including Columbia University, Tsinghua University and "
            "the Harbin Institute of Technology;\n"
            "- **ACCESS** – the master's programme Advanced Computational and Civil Engineering "
            "Structural Studies, which teaches computer-based modelling, design, analysis and "
            "retrofitting of structures and attracts students from many countries.\n\n"
            "The network's interdisciplinary methods also reach other fields, for example "
            "simulations of cardiac arrhythmia."
        ),
        "start_year": 2010,
        "website": None,
        "partners": [
            ("Columbia University", "USA"),
            ("Tsinghua University", "China"),
            ("Harbin Institute of Technology", "China"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr.-Ing. Heike Lorenzen",
                "role": "Director, Institute of Structural Analysis",
                "email": "heike.lorenzen@example.org",
                "phone": "+49 351 555 0114",
            },
        ],
        "key_figures": {
            "exchanged_students": 52,
            "exchanged_staff": 11,
            "joint_degree_programmes": 1,
            "joint_publications": 44,
            "joint_events": 5,
        },
    },
    {
        "key": "carbon-concrete",
        "category": "local-networks",
        "title": "Carbon concrete: C³ – Carbon Concrete Composite and the CUBE building",
        "org_unit": "Institute of Concrete Structures",
        "summary": (
            "TUD's civil engineers are world leaders in carbon-reinforced concrete, a material "
            "that saves concrete and sharply cuts CO2 emissions. In the C³ association, companies "
            "and institutions are bringing it to market, and CUBE, the first building made of "
            "carbon concrete, is being built on campus."
        ),
        "description": (
            "Carbon concrete combines high-performance concrete with reinforcement made of carbon "
            "fibres, processed into grids or bars. Because carbon does not corrode, components can "
            "be much thinner: far less concrete is needed, and CO2 emissions fall sharply compared "
            "with conventional reinforced concrete.\n\n"
            "TUD's Faculty of Civil Engineering, with its Institute of Concrete Structures, is "
            "recognised internationally as a leading centre for research on carbon concrete and "
            "for transferring it into practice. Since 2014 the association C³ – Carbon Concrete "
            "Composite e.V. has brought together up to about 226 companies, research institutions "
            "and associations that work across disciplines to establish the material on the "
            "market.\n\n"
            "Dresden researchers develop design strategies for structures that use as little "
            "material as possible. This lays the foundations for a new way of building that meets "
            "strong interest in international cooperation projects. CUBE, the world's first "
            "building made of carbon concrete, is currently being built on the TUD campus."
        ),
        "start_year": 2014,
        "website": None,
        "partners": [("C³ – Carbon Concrete Composite e.V.", "Germany")],
        "contacts": [
            {
                "name": "Prof. Dr.-Ing. Gregor Steinbach",
                "role": "Director, Institute of Concrete Structures",
                "email": "gregor.steinbach@example.org",
                "phone": "+49 351 555 0115",
            },
        ],
        "key_figures": {
            "exchanged_students": 18,
            "exchanged_staff": 20,
            "joint_degree_programmes": None,
            "joint_publications": 63,
            "joint_events": 14,
        },
    },
    {
        "key": "midem",
        "category": "local-networks",
        "title": "Mercator Forum for Migration and Democracy (MIDEM)",
        "org_unit": "Mercator Forum for Migration and Democracy",
        "summary": (
            "MIDEM studies the two-way relationship between migration and democracy: how migration "
            "shapes democratic politics, institutions and cultures, and how democracies in turn "
            "shape migration. The TUD research centre is funded by Stiftung Mercator and works "
            "with partners in Europe and the United States."
        ),
        "description": (
            "MIDEM, a research centre of TUD funded by Stiftung Mercator, examines how migration "
            "affects democratic policy-making, institutions and political culture – and how these "
            "in turn influence migration. It looks at the forms migration takes, the instruments "
            "used to govern it and the way democratic societies deal with it politically, both "
            "country by country and in comparison across Europe.\n\n"
            "Key questions include:\n\n"
            "- how democratic publics perceive migration;\n"
            "- which social divisions become visible in debates about it;\n"
            "- which strategies help societies cope with these tensions.\n\n"
            "The forum cooperates closely with partners in Europe and North America, among them "
            "the European University Institute in Florence and New York's New School for Social "
            "Research."
        ),
        "start_year": 2017,
        "website": None,
        "partners": [
            ("European University Institute", "Italy"),
            ("The New School for Social Research", "USA"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr. Nora Eschenbach",
                "role": "Director, MIDEM",
                "email": "nora.eschenbach@example.org",
                "phone": "+49 351 555 0116",
            },
        ],
        "key_figures": {
            "exchanged_students": 8,
            "exchanged_staff": 12,
            "joint_degree_programmes": None,
            "joint_publications": 37,
            "joint_events": 15,
        },
    },
    {
        "key": "iccl",
        "category": "local-networks",
        "title": "International Center for Computational Logic (ICCL)",
        "org_unit": "Institute of Artificial Intelligence",
        "summary": (
            "Since 2003 the ICCL has united TUD research groups working at the international "
            "forefront of formal logic in computer science, from algebraic foundations to "
            "knowledge representation and explainable AI. It is closely tied to the DFG research "
            "training group QuantLA."
        ),
        "description": (
            "The International Center for Computational Logic was founded in 2003 and today "
            "comprises six research groups at TUD. Its internationally recognised work deals with "
            "the theory and the use of formal logic in computer science.\n\n"
            "Topics range from algebraic foundations through knowledge representation and formal "
            "methods to declarative problem solving and many other applications of artificial "
            "intelligence. Because the ICCL concentrates on symbolic approaches, its methods "
            "produce results that can be explained and traced – a growing concern in AI.\n\n"
            "The centre shares many topics and members with QuantLA, a DFG research training group "
            "on quantitative logics and automata. QuantLA studies these logics and automata and "
            "how they relate to each other, using the tools of theoretical computer science, with "
            "applications in verification, knowledge representation, constraint solving and "
            "natural language processing."
        ),
        "start_year": 2003,
        "website": None,
        "partners": [
            ("Free University of Bozen-Bolzano", "Italy"),
            ("TU Wien", "Austria"),
            ("Universidade Nova de Lisboa", "Portugal"),
            ("Universidad Politécnica de Madrid", "Spain"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr. Anton Kiefer-Liu",
                "role": "Spokesperson, ICCL",
                "email": "anton.kiefer-liu@example.org",
                "phone": "+49 351 555 0117",
            },
        ],
        "key_figures": {
            "exchanged_students": 41,
            "exchanged_staff": 19,
            "joint_degree_programmes": 1,
            "joint_publications": 86,
            "joint_events": 12,
        },
    },
    {
        "key": "osaka",
        "category": "national-networks",
        "title": "Japan network around the strategic partnership with Osaka University",
        "org_unit": "School of Science",
        "summary": (
            "Starting from the School of Science's strategic partnership with Osaka University in "
            "2014, a network of around 20 Japanese universities and research institutes now "
            "cooperates with TUD and its DRESDEN-concept partners, held together by the iJaDe "
            "symposium every three years."
        ),
        "description": (
            "In 2014 Osaka University became a strategic partner of TUD's School of Science. Since "
            "then researchers in Japan and Dresden have started a wide range of joint activities "
            "that now reach far beyond Osaka and the Kansai region: about 20 Japanese universities "
            "and research institutes take part in one or more strands of the cooperation.\n\n"
            "On the Dresden side, partners of the DRESDEN-concept alliance join projects that "
            "began in TUD faculties, above all the Helmholtz-Zentrum Dresden-Rossendorf. The "
            "network addresses every academic group – students, teaching staff, researchers and "
            "administrators – which gives it continuity and a lasting commitment from both "
            "countries.\n\n"
            "Its main meeting point is iJaDe, an interdisciplinary Japanese–German symposium held "
            "every three years, in turn in Dresden and in Japan."
        ),
        "start_year": 2014,
        "website": None,
        "partners": [
            ("Osaka University", "Japan"),
            ("Kyoto University", "Japan"),
            ("Tohoku University", "Japan"),
        ],
        "contacts": [
            {
                "name": "Annika Sperling",
                "role": "International affairs, School of Science",
                "email": "annika.sperling@example.org",
                "phone": "+49 351 555 0105",
            },
        ],
        "key_figures": {
            "exchanged_students": 57,
            "exchanged_staff": 34,
            "joint_degree_programmes": 1,
            "joint_publications": 48,
            "joint_events": 10,
        },
    },
    {
        "key": "korea",
        "category": "national-networks",
        "title": "German–Korean network in lightweight engineering",
        "org_unit": "Institute of Lightweight Engineering and Polymer Technology",
        "summary": (
            "TUD's Institute of Lightweight Engineering and Polymer Technology is the German hub "
            "of a network with KIMS, KIST and Inha University that develops carbon fibres, hybrid "
            "composites and lightweight design methods and reaches into industry, politics and "
            "public administration."
        ),
        "description": (
            "This network joins leading Korean research institutions with partners in Germany. "
            "Besides TUD's Institute of Lightweight Engineering and Polymer Technology, its core "
            "members include KIMS (Korea Institute of Materials Science), KIST (Korea Institute of "
            "Science and Technology) and Inha University in Incheon.\n\n"
            "The partners have worked together closely for many years. Activities include:\n\n"
            "- joint conferences and workshops;\n"
            "- exchange of students and researchers;\n"
            "- applied research with strong transfer to industry on developing carbon fibres, "
            "hybrid composites and lightweight construction, and on methods for calculation and "
            "validation.\n\n"
            "Around this core, a wide circle of multipliers – companies, political bodies and "
            "public authorities – helps to carry results into practice in both countries."
        ),
        "start_year": 2012,
        "website": None,
        "partners": [
            ("Korea Institute of Materials Science (KIMS)", "Republic of Korea"),
            ("Korea Institute of Science and Technology (KIST)", "Republic of Korea"),
            ("Inha University", "Republic of Korea"),
        ],
        "contacts": [
            {
                "name": "Dr.-Ing. Daniel Oh-Hartmann",
                "role": "Deputy head of a research department",
                "email": "daniel.oh-hartmann@example.org",
                "phone": "+49 351 555 0118",
            },
        ],
        "key_figures": {
            "exchanged_students": 23,
            "exchanged_staff": 17,
            "joint_degree_programmes": None,
            "joint_publications": 26,
            "joint_events": 6,
        },
    },
    {
        "key": "cipsem",
        "category": "programmes",
        "title": "Centre for International Postgraduate Studies of Environmental Management",
        "org_unit": "Faculty of Environmental Sciences",
        "summary": (
            "Since 1977 CIPSEM at the Faculty of Environmental Sciences has prepared environmental "
            "professionals from developing and emerging countries for leadership roles, together "
            "with UNEP, UNESCO and the German environment ministry, and has built a worldwide "
            "alumni community."
        ),
        "description": (
            "CIPSEM belongs to TUD's Faculty of Environmental Sciences and has offered "
            "postgraduate courses since 1977. Over more than four decades it has made TUD known "
            "around the world and kept close ties with its many alumni.\n\n"
            "The courses address environmental experts who are about to take on leading positions "
            "in their home countries – in ministries and agencies, in local government or in "
            "non-governmental organisations – where they plan, coordinate and manage environmental "
            "work.\n\n"
            "Together with UNEP, UNESCO and the German Federal Ministry for the Environment (BMU), "
            "CIPSEM builds capacity for sustainable development and for managing natural resources "
            "wisely in developing and emerging economies by training tomorrow's decision-makers."
        ),
        "start_year": 1977,
        "website": None,
        "partners": [
            ("United Nations Environment Programme (UNEP)", "Kenya"),
            ("UNESCO", "France"),
            ("Federal Ministry for the Environment (BMU)", "Germany"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr. Ines Waldhausen",
                "role": "Scientific head, CIPSEM",
                "email": "ines.waldhausen@example.org",
                "phone": "+49 351 555 0119",
            },
        ],
        "key_figures": {
            "exchanged_students": 180,
            "exchanged_staff": 25,
            "joint_degree_programmes": None,
            "joint_publications": 14,
            "joint_events": 9,
        },
    },
    {
        "key": "zis",
        "category": "programmes",
        "title": "Center for International Studies (ZIS)",
        "org_unit": "Center for International Studies",
        "summary": (
            "A central academic unit of TUD since 2002, ZIS offers consecutive bachelor's and "
            "master's degrees in International Relations that join political science, law and "
            "economics, with a compulsory semester abroad at one of many partner universities."
        ),
        "description": (
            "TUD founded the Center for International Studies in January 2002 and made it one of "
            "its central academic units. It runs consecutive bachelor's and master's programmes in "
            "International Relations that bring together political science, law and economics.\n\n"
            "Students concentrate on international politics, economics and law, complemented by "
            "modules that are truly interdisciplinary. Students also learn two modern foreign "
            "languages as part of the curriculum.\n\n"
            "Every student spends a compulsory semester abroad, choosing from a dense network of "
            "partner universities in Europe and beyond. An active alumni programme offers "
            "mentoring to current students and keeps graduates connected with the centre."
        ),
        "start_year": 2002,
        "website": None,
        "partners": [
            ("Sciences Po", "France"),
            ("Charles University", "Czech Republic"),
            ("University of Warsaw", "Poland"),
            ("Monash University", "Australia"),
        ],
        "contacts": [
            {
                "name": "Dr. Paula Grünewald",
                "role": "Managing director, ZIS",
                "email": "paula.gruenewald@example.org",
                "phone": "+49 351 555 0120",
            },
        ],
        "key_figures": {
            "exchanged_students": 210,
            "exchanged_staff": 8,
            "joint_degree_programmes": None,
            "joint_publications": None,
            "joint_events": 6,
        },
    },
    {
        "key": "neisse",
        "category": "programmes",
        "title": "Central European Campus Neisse/Nisa",
        "org_unit": "International Institute (IHI) Zittau",
        "summary": (
            "A double-degree master's programme in International Management run by TUD's "
            "International Institute (IHI) Zittau and the Technical University of Liberec, whose "
            "students move between two campuses in Germany and the Czech Republic an hour apart."
        ),
        "description": (
            "At the Central European Campus Neisse/Nisa, TUD's International Institute (IHI) "
            "Zittau and the Technical University of Liberec jointly offer a master's programme in "
            "International Management.\n\n"
            "Students take modules worth at least 30 ECTS credits at the partner campus. Zittau "
            "and Liberec are only about an hour apart by train and tram, so students can commute "
            "between the two towns during the semester. Graduates receive degrees from both "
            "universities.\n\n"
            "The programme turns the everyday life of a European border region into its classroom: "
            "students experience European integration not as theory but as daily routine."
        ),
        "start_year": 2013,
        "website": None,
        "partners": [("Technical University of Liberec", "Czech Republic")],
        "contacts": [
            {
                "name": "Martin Zelenka-Beyer",
                "role": "Programme coordinator, IHI Zittau",
                "email": "martin.zelenka-beyer@example.org",
                "phone": "+49 3583 555 0121",
            },
        ],
        "key_figures": {
            "exchanged_students": 96,
            "exchanged_staff": 7,
            "joint_degree_programmes": 1,
            "joint_publications": 3,
            "joint_events": 8,
        },
    },
    {
        "key": "masterclasses",
        "category": "programmes",
        "title": "International Particle Physics Masterclasses",
        "org_unit": "Institute of Nuclear and Particle Physics",
        "summary": (
            "Coordinated at TUD since 2005, the masterclasses let school students spend a day as "
            "particle physicists: at some 220 institutions in 60 countries they analyse real data "
            "from experiments at CERN and Fermilab together with researchers."
        ),
        "description": (
            "Once a year, secondary school students around the world get the chance to spend a "
            "whole day doing real particle physics research. The International Particle Physics "
            "Masterclasses started in 2005 and are coordinated from TUD's Institute of Nuclear and "
            "Particle Physics.\n\n"
            "About 220 universities and research centres in 60 countries, from Egypt to Cyprus, "
            "take part. After introductory talks, the students work with scientists on data "
            "recorded by large experiments at CERN near Geneva and at Fermilab near Chicago. At "
            "the end of the day they compare their results with other groups in international "
            "video conferences.\n\n"
            "The programme brings young people into contact with fundamental research and makes "
            "TUD visible to schools and research centres worldwide."
        ),
        "start_year": 2005,
        "website": None,
        "partners": [
            ("CERN", "Switzerland"),
            ("Fermi National Accelerator Laboratory (Fermilab)", "USA"),
            ("International Particle Physics Outreach Group (IPPOG)", "Switzerland"),
        ],
        "contacts": [
            {
                "name": "Dr. Judith Pfannenstiel",
                "role": "Coordinator of the masterclasses",
                "email": "judith.pfannenstiel@example.org",
                "phone": "+49 351 555 0122",
            },
        ],
        "key_figures": {
            "exchanged_students": None,
            "exchanged_staff": 6,
            "joint_degree_programmes": None,
            "joint_publications": 5,
            "joint_events": 42,
        },
    },
]

# Fictional initiatives nominated in 2021 but not awarded.
NOT_AWARDED_2021: list[dict] = [
    {
        "key": "lyon-summer-school",
        "category": "programmes",
        "title": "Dresden–Lyon summer school in Romance linguistics",
        "org_unit": "Institute of Romance Studies",
        "summary": (
            "A two-week summer school, held in turn in Dresden and Lyon, in which master's "
            "students of French and Romance linguistics from both universities work on small "
            "corpus-based research projects."
        ),
        "description": (
            "Since 2017 the Institute of Romance Studies and its partners in Lyon have organised a "
            "two-week summer school each year, alternating between the two cities.\n\n"
            "About a dozen master's students from each university build and analyse small corpora "
            "of spoken French, supervised by teachers from both sides. The results are presented "
            "at a closing workshop.\n\n"
            "The summer school is run by two chairs and has so far been funded from year to year."
        ),
        "start_year": 2017,
        "website": None,
        "partners": [("Université Lumière Lyon 2", "France")],
        "contacts": [
            {
                "name": "Dr. Camille Roux-Neumann",
                "role": "Lecturer, Institute of Romance Studies",
                "email": "camille.roux-neumann@example.org",
                "phone": None,
            },
        ],
        "key_figures": {
            "exchanged_students": 24,
            "exchanged_staff": 4,
            "joint_degree_programmes": None,
            "joint_publications": 1,
            "joint_events": 3,
        },
    },
    {
        "key": "wroclaw-photogrammetry",
        "category": "partnerships",
        "title": "Laboratory exchange in drone photogrammetry with Wrocław",
        "org_unit": "Institute of Photogrammetry and Remote Sensing",
        "summary": (
            "A bilateral exchange between two laboratories in Dresden and Wrocław in which "
            "doctoral researchers spend short stays at the partner lab to compare methods for "
            "mapping landscapes with drones."
        ),
        "description": (
            "The Institute of Photogrammetry and Remote Sensing and a partner laboratory in "
            "Wrocław began exchanging doctoral researchers in 2019.\n\n"
            "- stays of two to six weeks at the partner lab;\n"
            "- joint test flights over the same study areas in Saxony and Lower Silesia;\n"
            "- a first co-authored conference paper on calibrating drone cameras.\n\n"
            "The exchange depends on two research groups and is not yet backed by a "
            "university-wide agreement."
        ),
        "start_year": 2019,
        "website": None,
        "partners": [("Wrocław University of Environmental and Life Sciences", "Poland")],
        "contacts": [
            {
                "name": "Dipl.-Ing. Marek Nowicki-Lang",
                "role": "Research associate, photogrammetry",
                "email": "marek.nowicki-lang@example.org",
                "phone": "+49 351 555 0123",
            },
        ],
        "key_figures": {
            "exchanged_students": None,
            "exchanged_staff": 5,
            "joint_degree_programmes": None,
            "joint_publications": 1,
            "joint_events": 2,
        },
    },
    {
        "key": "baltic-mobility",
        "category": "international-networks",
        "title": "Baltic Sea Region network on sustainable urban mobility",
        "org_unit": "Institute of Transport Planning and Road Traffic",
        "summary": (
            "A young network of transport researchers from Dresden and the three Baltic states "
            "that compares how mid-sized cities can shift traffic towards walking, cycling and "
            "public transport."
        ),
        "description": (
            "Founded in 2020, the network links TUD's transport planners with technical "
            "universities in Riga, Vilnius and Tallinn. The partners collect comparable traffic "
            "data for mid-sized cities and discuss planning tools in online seminars.\n\n"
            "A joint application for EU funding is in preparation; so far the network has met in "
            "person once."
        ),
        "start_year": 2020,
        "website": None,
        "partners": [
            ("Riga Technical University", "Latvia"),
            ("Vilnius Gediminas Technical University", "Lithuania"),
            ("Tallinn University of Technology", "Estonia"),
        ],
        "contacts": [
            {
                "name": "Dr. Laura Vinter",
                "role": "Research group leader, transport planning",
                "email": "laura.vinter@example.org",
                "phone": None,
            },
        ],
        "key_figures": {
            "exchanged_students": None,
            "exchanged_staff": 3,
            "joint_degree_programmes": None,
            "joint_publications": 2,
            "joint_events": 4,
        },
    },
]

# The running 2026 round (nominating): renominations of 2021 lighthouses and new,
# fictional initiatives, some submitted and some still drafts.
CURRENT_ROUND_NOMINATIONS: list[dict] = [
    {
        "kind": "renomination",
        "of": "carbon-concrete",
        "state": "submitted",
        "summary_update": (
            "On 28 September 2022 CUBE opened on the TUD campus as the world's first building made "
            "of carbon concrete. Since then the network around C³ has widened its international "
            "cooperation on low-carbon construction."
        ),
    },
    {
        "kind": "renomination",
        "of": "gppad",
        "state": "submitted",
        "summary_update": (
            "Since 2021 GPPAD has extended newborn screening for type 1 diabetes risk at its "
            "European sites. In spring 2023 it ran the awareness campaign K1DS ARE HEROES with "
            "Helmholtz Munich, reaching families through posters, city screens and social media."
        ),
    },
    {
        "kind": "renomination",
        "of": "tongji",
        "state": "draft",
        "summary_update": (
            "The double-degree programme in mechanical engineering has kept producing graduates of "
            "both universities since 2021, and the joint research has grown into new projects on "
            "compliant mechanisms and composite design."
        ),
    },
    {
        "kind": "renomination",
        "of": "trento",
        "state": "draft",
        "summary_update": (
            "Since the 2021 award, student exchange in the double-degree tracks has returned to "
            "its full size after the pandemic, and co-supervised doctoral theses with Trento have "
            "been completed in several disciplines."
        ),
    },
    {
        "kind": "new",
        "state": "submitted",
        "key": "taiwan-semiconductors",
        "category": "national-networks",
        "title": "German–Taiwanese network on semiconductor reliability",
        "org_unit": "Faculty of Electrical and Computer Engineering",
        "summary": (
            "A network of TUD's electrical engineers with two leading Taiwanese universities and "
            "Taiwan's largest applied research institute, studying how chips and power electronics "
            "age and fail, with doctoral exchange and shared test facilities."
        ),
        "description": (
            "Dresden and Taiwan are both centres of the semiconductor industry. Since 2022 the "
            "Faculty of Electrical and Computer Engineering has built a network with National Yang "
            "Ming Chiao Tung University, National Tsing Hua University and the Industrial "
            "Technology Research Institute (ITRI) in Hsinchu.\n\n"
            "The partners study how integrated circuits and power electronic devices degrade under "
            "heat, humidity and electrical stress, and how their lifetime can be predicted.\n\n"
            "- doctoral candidates spend three to six months in partner labs;\n"
            "- test equipment in Dresden and Hsinchu is shared through joint measurement "
            "campaigns;\n"
            "- a German–Taiwanese reliability workshop takes place every year, alternating between "
            "the two countries.\n\n"
            "Companies from the semiconductor clusters in Saxony and Hsinchu take part in the "
            "workshops and in several projects."
        ),
        "start_year": 2022,
        "website": None,
        "partners": [
            ("National Yang Ming Chiao Tung University", "Taiwan"),
            ("National Tsing Hua University", "Taiwan"),
            ("Industrial Technology Research Institute (ITRI)", "Taiwan"),
        ],
        "contacts": [
            {
                "name": "Prof. Dr.-Ing. Jonas Thielemann",
                "role": "Chair of electronic device reliability",
                "email": "jonas.thielemann@example.org",
                "phone": "+49 351 555 0124",
            },
            {
                "name": "Dr. Yvonne Dressler",
                "role": "Network coordinator",
                "email": "yvonne.dressler@example.org",
                "phone": None,
            },
        ],
        "key_figures": {
            "exchanged_students": 14,
            "exchanged_staff": 9,
            "joint_degree_programmes": None,
            "joint_publications": 12,
            "joint_events": 4,
        },
    },
    {
        "kind": "new",
        "state": "submitted",
        "key": "medical-physics-summer-school",
        "category": "programmes",
        "title": "Dresden International Summer School in Medical Radiation Physics",
        "org_unit": "OncoRay – National Center for Radiation Research in Oncology",
        "summary": (
            "Each September, OncoRay invites master's and doctoral students from across Europe to "
            "a two-week summer school on radiation physics in cancer therapy, taught together with "
            "partner centres in Aarhus, Groningen and Milan."
        ),
        "description": (
            "OncoRay already teaches the master's programme in Medical Radiation Sciences, in "
            "which students combine physics, biology and medicine with two years of hands-on "
            "clinical training. Building on this experience, OncoRay started an international "
            "summer school in 2023.\n\n"
            "Around 40 participants per year attend lectures, plan treatments on clinical software "
            "and carry out measurements at the proton therapy facility's experimental beamline. "
            "Lecturers come from Dresden and from partner centres in Denmark, the Netherlands and "
            "Italy.\n\n"
            "The summer school has become a route into the Dresden master's and doctoral "
            "programmes: several former participants have since applied to study or do research at "
            "OncoRay."
        ),
        "start_year": 2023,
        "website": None,
        "partners": [
            ("Aarhus University", "Denmark"),
            ("University of Groningen", "Netherlands"),
            ("Politecnico di Milano", "Italy"),
        ],
        "contacts": [
            {
                "name": "Dr. Hanna Kowalczyk",
                "role": "Coordinator of the summer school",
                "email": "hanna.kowalczyk@example.org",
                "phone": "+49 351 555 0125",
            },
        ],
        "key_figures": {
            "exchanged_students": 120,
            "exchanged_staff": 15,
            "joint_degree_programmes": None,
            "joint_publications": 3,
            "joint_events": 3,
        },
    },
    {
        "kind": "new",
        "state": "draft",
        "key": "iit-madras",
        "category": "partnerships",
        "title": "Partnership with the Indian Institute of Technology Madras in lightweight design",
        "org_unit": "Institute of Lightweight Engineering and Polymer Technology",
        "summary": (
            "A growing partnership between TUD's lightweight engineering institute and IIT Madras "
            "on natural-fibre composites and lightweight design, with student exchange and joint "
            "supervision of master's theses."
        ),
        "description": (
            "Since 2021 TUD's Institute of Lightweight Engineering and Polymer Technology has "
            "worked with the Department of Engineering Design at IIT Madras in Chennai.\n\n"
            "The partners develop composites reinforced with natural fibres such as flax and jute "
            "and test them in lightweight components for vehicles and buildings. Master's students "
            "from Chennai write their theses in Dresden, and Dresden students spend research "
            "internships in India.\n\n"
            "*Still to add: figures for 2024 and 2025 and a letter of support from the partner.*"
        ),
        "start_year": 2021,
        "website": None,
        "partners": [("Indian Institute of Technology Madras", "India")],
        "contacts": [
            {
                "name": "Priya Raman-Schulte",
                "role": "Research associate, lightweight design",
                "email": "priya.raman-schulte@example.org",
                "phone": "+49 351 555 0126",
            },
        ],
        "key_figures": {
            "exchanged_students": 11,
            "exchanged_staff": 4,
            "joint_degree_programmes": None,
            "joint_publications": 5,
            "joint_events": 2,
        },
    },
    {
        "kind": "new",
        "state": "draft",
        "key": "wroclaw-teacher-education",
        "category": "partnerships",
        "title": "Partnership with the University of Wrocław in teacher education",
        "org_unit": "Center for Teacher Education and Educational Research",
        "summary": (
            "A new cooperation in teacher education with the University of Wrocław, starting with "
            "joint school placements for student teachers in the border region."
        ),
        "description": "",
        "start_year": 2024,
        "website": None,
        "partners": [("University of Wrocław", "Poland")],
        "contacts": [
            {
                "name": "Dr. Svenja Mahlke",
                "role": "Coordinator for international teacher education",
                "email": "svenja.mahlke@example.org",
                "phone": None,
            },
        ],
        "key_figures": {
            "exchanged_students": None,
            "exchanged_staff": None,
            "joint_degree_programmes": None,
            "joint_publications": None,
            "joint_events": None,
        },
    },
]

# Fictional members of the International Affairs Commission. ``strictness`` runs from -1.0
# (lenient) to 1.0 (strict) and shapes the generated score patterns.
COMMISSION: list[dict] = [
    {
        "name": "Prof. Dr. Bernhard Altmann",
        "email": "bernhard.altmann@example.org",
        "affiliation": "Faculty of Physics",
        "strictness": 0.4,
    },
    {
        "name": "Prof. Dr. med. Regine Falk",
        "email": "regine.falk@example.org",
        "affiliation": "Faculty of Medicine",
        "strictness": -0.5,
    },
    {
        "name": "Prof. Dr. Tilman Oster",
        "email": "tilman.oster@example.org",
        "affiliation": "Faculty of Computer Science",
        "strictness": 0.0,
    },
    {
        "name": "Prof. Dr. Svenja Morgenroth",
        "email": "svenja.morgenroth@example.org",
        "affiliation": "Faculty of Environmental Sciences",
        "strictness": 0.8,
    },
    {
        "name": "Prof. Dr. Konrad Wiesner",
        "email": "konrad.wiesner@example.org",
        "affiliation": "Faculty of Arts, Humanities and Social Sciences",
        "strictness": -0.3,
    },
]

# One demo login per role; all share DEMO_PASSWORD.
DEMO_USERS: list[dict] = [
    {
        "email": "admin@example.org",
        "name": "Petra Lindemann",
        "roles": ["admin"],
        "coordinates": [],
        "affiliations": [],
    },
    {
        "email": "chair@example.org",
        "name": "Prof. Dr. Helena Brandt",
        "roles": ["chair", "member"],
        "coordinates": [],
        "affiliations": ["Faculty of Civil Engineering"],
    },
    {
        "email": "member@example.org",
        "name": "Prof. Dr. Jan Voigt",
        "roles": ["member"],
        "coordinates": [],
        "affiliations": ["Faculty of Education"],
    },
    {
        "email": "coordinator@example.org",
        "name": "Dr.-Ing. Kai Reuter",
        "roles": ["coordinator"],
        "coordinates": ["Institute of Lightweight Engineering and Polymer Technology"],
        "affiliations": ["Institute of Lightweight Engineering and Polymer Technology"],
    },
]

DEMO_PASSWORD = "lighthouse-demo"  # noqa: S105
