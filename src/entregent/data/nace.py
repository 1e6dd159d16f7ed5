"""NACE Rev. 2 sections and divisions, with English and French labels
(France's NAF rév. 2 follows the same tree).

Seeded into the Sector table by a data migration.
"""

# (section code, English label, French label)
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("A", "Agriculture, forestry and fishing", "Agriculture, sylviculture et pêche"),
    ("B", "Mining and quarrying", "Industries extractives"),
    ("C", "Manufacturing", "Industrie manufacturière"),
    (
        "D",
        "Electricity, gas, steam and air conditioning supply",
        "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    ),
    (
        "E",
        "Water supply; sewerage, waste management and remediation activities",
        "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
    ),
    ("F", "Construction", "Construction"),
    (
        "G",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
        "Commerce ; réparation d'automobiles et de motocycles",
    ),
    ("H", "Transportation and storage", "Transports et entreposage"),
    ("I", "Accommodation and food service activities", "Hébergement et restauration"),
    ("J", "Information and communication", "Information et communication"),
    ("K", "Financial and insurance activities", "Activités financières et d'assurance"),
    ("L", "Real estate activities", "Activités immobilières"),
    (
        "M",
        "Professional, scientific and technical activities",
        "Activités spécialisées, scientifiques et techniques",
    ),
    (
        "N",
        "Administrative and support service activities",
        "Activités de services administratifs et de soutien",
    ),
    (
        "O",
        "Public administration and defence; compulsory social security",
        "Administration publique",
    ),
    ("P", "Education", "Enseignement"),
    ("Q", "Human health and social work activities", "Santé humaine et action sociale"),
    ("R", "Arts, entertainment and recreation", "Arts, spectacles et activités récréatives"),
    ("S", "Other service activities", "Autres activités de services"),
    (
        "T",
        (
            "Activities of households as employers; undifferentiated goods- and services-producing "
            "activities of households for own use"
        ),
        (
            "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages "
            "en tant que producteurs de biens et services pour usage propre"
        ),
    ),
    (
        "U",
        "Activities of extraterritorial organisations and bodies",
        "Activités extra-territoriales",
    ),
)

# (division code, section code, English label, French label)
DIVISIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "01",
        "A",
        "Crop and animal production, hunting and related service activities",
        "Culture et production animale, chasse et services annexes",
    ),
    ("02", "A", "Forestry and logging", "Sylviculture et exploitation forestière"),
    ("03", "A", "Fishing and aquaculture", "Pêche et aquaculture"),
    ("05", "B", "Mining of coal and lignite", "Extraction de houille et de lignite"),
    ("06", "B", "Extraction of crude petroleum and natural gas", "Extraction d'hydrocarbures"),
    ("07", "B", "Mining of metal ores", "Extraction de minerais métalliques"),
    ("08", "B", "Other mining and quarrying", "Autres industries extractives"),
    (
        "09",
        "B",
        "Mining support service activities",
        "Services de soutien aux industries extractives",
    ),
    ("10", "C", "Manufacture of food products", "Industries alimentaires"),
    ("11", "C", "Manufacture of beverages", "Fabrication de boissons"),
    ("12", "C", "Manufacture of tobacco products", "Fabrication de produits à base de tabac"),
    ("13", "C", "Manufacture of textiles", "Fabrication de textiles"),
    ("14", "C", "Manufacture of wearing apparel", "Industrie de l'habillement"),
    (
        "15",
        "C",
        "Manufacture of leather and related products",
        "Industrie du cuir et de la chaussure",
    ),
    (
        "16",
        "C",
        (
            "Manufacture of wood and of products of wood and cork, except furniture; manufacture "
            "of articles of straw and plaiting materials"
        ),
        (
            "Travail du bois et fabrication d'articles en bois et en liège, à l'exception des "
            "meubles ; fabrication d'articles en vannerie et sparterie"
        ),
    ),
    ("17", "C", "Manufacture of paper and paper products", "Industrie du papier et du carton"),
    (
        "18",
        "C",
        "Printing and reproduction of recorded media",
        "Imprimerie et reproduction d'enregistrements",
    ),
    ("19", "C", "Manufacture of coke and refined petroleum products", "Cokéfaction et raffinage"),
    ("20", "C", "Manufacture of chemicals and chemical products", "Industrie chimique"),
    (
        "21",
        "C",
        "Manufacture of basic pharmaceutical products and pharmaceutical preparations",
        "Industrie pharmaceutique",
    ),
    (
        "22",
        "C",
        "Manufacture of rubber and plastic products",
        "Fabrication de produits en caoutchouc et en plastique",
    ),
    (
        "23",
        "C",
        "Manufacture of other non-metallic mineral products",
        "Fabrication d'autres produits minéraux non métalliques",
    ),
    ("24", "C", "Manufacture of basic metals", "Métallurgie"),
    (
        "25",
        "C",
        "Manufacture of fabricated metal products, except machinery and equipment",
        "Fabrication de produits métalliques, à l'exception des machines et des équipements",
    ),
    (
        "26",
        "C",
        "Manufacture of computer, electronic and optical products",
        "Fabrication de produits informatiques, électroniques et optiques",
    ),
    ("27", "C", "Manufacture of electrical equipment", "Fabrication d'équipements électriques"),
    (
        "28",
        "C",
        "Manufacture of machinery and equipment n.e.c.",
        "Fabrication de machines et équipements n.c.a.",
    ),
    (
        "29",
        "C",
        "Manufacture of motor vehicles, trailers and semi-trailers",
        "Industrie automobile",
    ),
    (
        "30",
        "C",
        "Manufacture of other transport equipment",
        "Fabrication d'autres matériels de transport",
    ),
    ("31", "C", "Manufacture of furniture", "Fabrication de meubles"),
    ("32", "C", "Other manufacturing", "Autres industries manufacturières"),
    (
        "33",
        "C",
        "Repair and installation of machinery and equipment",
        "Réparation et installation de machines et d'équipements",
    ),
    (
        "35",
        "D",
        "Electricity, gas, steam and air conditioning supply",
        "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    ),
    (
        "36",
        "E",
        "Water collection, treatment and supply",
        "Captage, traitement et distribution d'eau",
    ),
    ("37", "E", "Sewerage", "Collecte et traitement des eaux usées"),
    (
        "38",
        "E",
        "Waste collection, treatment and disposal activities; materials recovery",
        "Collecte, traitement et élimination des déchets ; récupération",
    ),
    (
        "39",
        "E",
        "Remediation activities and other waste management services",
        "Dépollution et autres services de gestion des déchets",
    ),
    ("41", "F", "Construction of buildings", "Construction de bâtiments"),
    ("42", "F", "Civil engineering", "Génie civil"),
    ("43", "F", "Specialised construction activities", "Travaux de construction spécialisés"),
    (
        "45",
        "G",
        "Wholesale and retail trade and repair of motor vehicles and motorcycles",
        "Commerce et réparation d'automobiles et de motocycles",
    ),
    (
        "46",
        "G",
        "Wholesale trade, except of motor vehicles and motorcycles",
        "Commerce de gros, à l'exception des automobiles et des motocycles",
    ),
    (
        "47",
        "G",
        "Retail trade, except of motor vehicles and motorcycles",
        "Commerce de détail, à l'exception des automobiles et des motocycles",
    ),
    (
        "49",
        "H",
        "Land transport and transport via pipelines",
        "Transports terrestres et transport par conduites",
    ),
    ("50", "H", "Water transport", "Transports par eau"),
    ("51", "H", "Air transport", "Transports aériens"),
    (
        "52",
        "H",
        "Warehousing and support activities for transportation",
        "Entreposage et services auxiliaires des transports",
    ),
    ("53", "H", "Postal and courier activities", "Activités de poste et de courrier"),
    ("55", "I", "Accommodation", "Hébergement"),
    ("56", "I", "Food and beverage service activities", "Restauration"),
    ("58", "J", "Publishing activities", "Édition"),
    (
        "59",
        "J",
        (
            "Motion picture, video and television programme production, sound recording and music "
            "publishing activities"
        ),
        (
            "Production de films cinématographiques, de vidéo et de programmes de télévision ; "
            "enregistrement sonore et édition musicale"
        ),
    ),
    ("60", "J", "Programming and broadcasting activities", "Programmation et diffusion"),
    ("61", "J", "Telecommunications", "Télécommunications"),
    (
        "62",
        "J",
        "Computer programming, consultancy and related activities",
        "Programmation, conseil et autres activités informatiques",
    ),
    ("63", "J", "Information service activities", "Services d'information"),
    (
        "64",
        "K",
        "Financial service activities, except insurance and pension funding",
        "Activités des services financiers, hors assurance et caisses de retraite",
    ),
    (
        "65",
        "K",
        "Insurance, reinsurance and pension funding, except compulsory social security",
        "Assurance",
    ),
    (
        "66",
        "K",
        "Activities auxiliary to financial services and insurance activities",
        "Activités auxiliaires de services financiers et d'assurance",
    ),
    ("68", "L", "Real estate activities", "Activités immobilières"),
    ("69", "M", "Legal and accounting activities", "Activités juridiques et comptables"),
    (
        "70",
        "M",
        "Activities of head offices; management consultancy activities",
        "Activités des sièges sociaux ; conseil de gestion",
    ),
    (
        "71",
        "M",
        "Architectural and engineering activities; technical testing and analysis",
        "Activités d'architecture et d'ingénierie ; activités de contrôle et analyses techniques",
    ),
    ("72", "M", "Scientific research and development", "Recherche-développement scientifique"),
    ("73", "M", "Advertising and market research", "Publicité et études de marché"),
    (
        "74",
        "M",
        "Other professional, scientific and technical activities",
        "Autres activités spécialisées, scientifiques et techniques",
    ),
    ("75", "M", "Veterinary activities", "Activités vétérinaires"),
    ("77", "N", "Rental and leasing activities", "Activités de location et location-bail"),
    ("78", "N", "Employment activities", "Activités liées à l'emploi"),
    (
        "79",
        "N",
        "Travel agency, tour operator and other reservation service and related activities",
        (
            "Activités des agences de voyage, voyagistes, services de réservation et activités "
            "connexes"
        ),
    ),
    ("80", "N", "Security and investigation activities", "Enquêtes et sécurité"),
    (
        "81",
        "N",
        "Services to buildings and landscape activities",
        "Services relatifs aux bâtiments et aménagement paysager",
    ),
    (
        "82",
        "N",
        "Office administrative, office support and other business support activities",
        "Activités administratives et autres activités de soutien aux entreprises",
    ),
    (
        "84",
        "O",
        "Public administration and defence; compulsory social security",
        "Administration publique et défense ; sécurité sociale obligatoire",
    ),
    ("85", "P", "Education", "Enseignement"),
    ("86", "Q", "Human health activities", "Activités pour la santé humaine"),
    ("87", "Q", "Residential care activities", "Hébergement médico-social et social"),
    ("88", "Q", "Social work activities without accommodation", "Action sociale sans hébergement"),
    (
        "90",
        "R",
        "Creative, arts and entertainment activities",
        "Activités créatives, artistiques et de spectacle",
    ),
    (
        "91",
        "R",
        "Libraries, archives, museums and other cultural activities",
        "Bibliothèques, archives, musées et autres activités culturelles",
    ),
    ("92", "R", "Gambling and betting activities", "Organisation de jeux de hasard et d'argent"),
    (
        "93",
        "R",
        "Sports activities and amusement and recreation activities",
        "Activités sportives, récréatives et de loisirs",
    ),
    (
        "94",
        "S",
        "Activities of membership organisations",
        "Activités des organisations associatives",
    ),
    (
        "95",
        "S",
        "Repair of computers and personal and household goods",
        "Réparation d'ordinateurs et de biens personnels et domestiques",
    ),
    ("96", "S", "Other personal service activities", "Autres services personnels"),
    (
        "97",
        "T",
        "Activities of households as employers of domestic personnel",
        "Activités des ménages en tant qu'employeurs de personnel domestique",
    ),
    (
        "98",
        "T",
        (
            "Undifferentiated goods- and services-producing activities of private households for "
            "own use"
        ),
        (
            "Activités indifférenciées des ménages en tant que producteurs de biens et services "
            "pour usage propre"
        ),
    ),
    (
        "99",
        "U",
        "Activities of extraterritorial organisations and bodies",
        "Activités des organisations et organismes extraterritoriaux",
    ),
)
