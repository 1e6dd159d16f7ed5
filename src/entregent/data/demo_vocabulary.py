"""Word lists for the demo network (`entregent demo`): names, employers, titles, texts.

Every company, club, school and event here is made up. French and English on purpose, with
the accents real address books are full of, so that search and sorting get exercised.
"""


def _words(text: str) -> tuple[str, ...]:
    """Space-separated words; an underscore stands for a space inside one name."""
    return tuple(word.replace("_", " ") for word in text.split())


# First names with "f" or "m": French job titles agree with the person.
FIRST_NAMES_FR: tuple[tuple[str, str], ...] = tuple(
    (name, "f")
    for name in _words(
        "Hélène Éloïse Chloé Noémie Anaïs Mégane Léa Camille Manon Inès Clémence Margaux "
        "Amélie Céline Valérie Sophie Émilie Aurélie Laëtitia Maëlle Agnès Béatrice Cécile "
        "Geneviève Françoise Solène Oriane Perrine Juliette Élodie Gaëlle Mathilde Pauline "
        "Nadège Séverine Thérèse Maïwenn Anne-Sophie Marie-Hélène Zoé Lucie Adèle Bérénice "
        "Héloïse Joëlle Ségolène Rosalie"
    )
) + tuple(
    (name, "m")
    for name in _words(
        "François Jérôme Loïc Noël Benoît Théo Raphaël Gaël Joël Stéphane Frédéric Sébastien "
        "Cédric Jérémie Hervé André René Grégoire Maël Aurélien Étienne Clément Rémi Valentin "
        "Mathéo Thierry Olivier Nicolas Julien Pierre-Yves Jean-Loup Yannick Matthieu Léo Hugo "
        "Bastien Timothée Xavier Didier Félix Anatole Jérémy Régis Gérald Lucien Émile Côme"
    )
)
FIRST_NAMES_EN: tuple[tuple[str, str], ...] = tuple(
    (name, "f")
    for name in _words(
        "Zoë Emma Olivia Charlotte Amelia Grace Harriet Imogen Niamh Siobhán Saoirse Eleanor "
        "Florence Isla Maeve Ruby Sophie Abigail Phoebe Rosie Freya Eloise Naomi Renée"
    )
) + tuple(
    (name, "m")
    for name in _words(
        "James Oliver Harry George Noah Rory Seán Callum Finn Alistair Declan Hamish Owen Rhys "
        "Thomas William Samuel Daniel Liam Edward Zoltán Björn Jürgen Søren"
    )
)
LAST_NAMES_FR = _words(
    "Dupré Lefèvre Bénard Müller Martin Bernard Dubois Thomas Robert Richard Petit Durand "
    "Leroy Moreau Simon Laurent Lefebvre Michel Garcia Bertrand Roux Vincent Fournier Morel "
    "Girard Mercier Blanc Guérin Boyer Garnier Chevalier Legrand Gauthier Perrin Robin "
    "Clément Morin Henry Roussel Mathieu Masson Marchand Duval Dumont Lemaire Noël Meyer "
    "Dufour Meunier Brun Blanchard Giraud Joly Rivière Brunet Gaillard Barbier Arnaud "
    "Gérard Roche Renard Schmitt Leroux Colin Vidal Caron Picard Fabre Aubert Lemoine Renaud "
    "Dumas Lacroix Bourgeois Leclerc Payet Rolland Lecomte Dupuy Guillot Hubert Berger "
    "Carpentier Dupuis Moulin Deschamps Huet Vasseur Boucher Fleury Royer Klein Jacquet "
    "Poirier Marty Aubry Guyot Carré Renault Charpentier Ménard Maillard Baron Bertin Bailly "
    "Hervé Schneider Collet Léger Bouvier Prévost Millet Perrot Cousin Germain Breton Besson "
    "Langlois Rémy Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Hamon "
    "Boulanger Monnier Michaud Guichard Gillet Étienne Grondin Poulain Tessier Chauvin "
    "Bouchet Lemaître Maréchal Humbert Reynaud Perret Barthélémy Cordier Pichon Lejeune "
    "Delaunay Pasquier Carlier Laporte Côté Thébault Crépin Béranger Lefrançois Bélanger "
    "Gagné Tremblay Lévesque Bouchard Gagnon Ouellet Nguyen Ferreira Da_Silva Le_Gall "
    "Le_Goff Le_Roux Saint-Clair Debrosse Jégou Quéméneur Kerébel"
)
LAST_NAMES_EN = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke O'Brien O'Connor McCarthy Fitzgerald "
    "MacLeod Campbell Stewart Murphy Kelly Patel Khan Nowak Kowalski Schröder Jørgensen Núñez "
    "Ó_Súilleabháin Åberg Hughes Ashworth Pemberton Whitaker Blackwood Fenwick Okafor Mensah"
)

# Companies: a made-up stem plus a suffix that gives the NACE division.
COMPANY_STEMS_FR = _words(
    "Novalis Axelia Lumière Horizon Solvéo Alpéa Océane Verdane Cristal Arcadie Boréal Hélios "
    "Myrtille Équinoxe Sémaphore Aubépine Ondine Quartzé Célestin Épicéa Mistral Calanque "
    "Garance Azurée Éole Opaline Sérénis Vélia Ambréa Noréade"
)
COMPANY_STEMS_EN = _words(
    "Northwind Bluestone Harbour Kestrel Redfern Ashgrove Whitcombe Brightwater Oakridge "
    "Silverline Fenwick Thistle Marlow Larkspur Copperfield Ravensworth Elmstead Foxglove "
    "Hawthorn Greywell"
)
# (suffix, NACE division)
COMPANY_SUFFIXES_FR: tuple[tuple[str, str], ...] = (
    ("Conseil", "70"),
    ("Technologies", "62"),
    ("Numérique", "62"),
    ("Logistique", "52"),
    ("Énergies", "35"),
    ("Santé", "86"),
    ("Finance", "64"),
    ("Immobilier", "68"),
    ("Bâtiment", "41"),
    ("Distribution", "46"),
    ("Agroalimentaire", "10"),
    ("Assurances", "65"),
    ("Éditions", "58"),
    ("Studio", "73"),
    ("Ingénierie", "71"),
    ("& Associés", "69"),
    ("Recrutement", "78"),
    ("Voyages", "79"),
)
COMPANY_SUFFIXES_EN: tuple[tuple[str, str], ...] = (
    ("Consulting", "70"),
    ("Partners", "69"),
    ("Labs", "72"),
    ("Systems", "62"),
    ("Capital", "64"),
    ("Logistics", "52"),
    ("Analytics", "63"),
    ("Foods", "10"),
    ("Ventures", "64"),
    ("Health", "86"),
    ("Media", "59"),
    ("Software", "62"),
)
# (name, kind, NACE division)
FIXED_ORGANIZATIONS: tuple[tuple[str, str, str], ...] = (
    ("Lycée Victor-Hugo de Besançon", "school", "85"),
    ("École supérieure de commerce de l'Ouest", "school", "85"),
    ("Université Lumière-Rivière", "school", "85"),
    ("École d'ingénieurs du Grand Est", "school", "85"),
    ("King's Road Business School", "school", "85"),
    ("Association des anciens de l'ESCO", "association", "94"),
    ("Les Amis du musée des Beaux-Arts", "association", "94"),
    ("Collectif Vélo en Ville", "association", "94"),
    ("Entraide numérique du quartier", "association", "88"),
    ("Jardins partagés des Lilas", "association", "94"),
    ("Chorale Sainte-Cécile", "association", "90"),
    ("Ciné-club Lumière", "association", "90"),
    ("Société d'histoire de la Croix-Rousse", "association", "91"),
    ("Parti des Jardins (section locale)", "association", "94"),
    ("Tennis club de la Tête d'Or", "club", "93"),
    ("Running club des Quais", "club", "93"),
    ("Club de voile de l'Étang-Bleu", "club", "93"),
    ("Échiquier du Vieux-Lyon", "club", "93"),
    ("London Fields Cycling Club", "club", "93"),
    ("Cercle des dirigeants de l'Ouest", "network", "94"),
    ("Club Export Rhône-Alpes", "network", "94"),
    ("Réseau des femmes entrepreneures", "network", "94"),
    ("Business Angels du Sud-Ouest", "network", "64"),
    ("Women in Product London", "network", "94"),
    ("Ordre régional des experts-comptables", "professional-body", "94"),
    ("Association des DRH de Bretagne", "professional-body", "94"),
    ("Chambre de commerce de la Vallée", "public-body", "94"),
    ("Mairie du 4e arrondissement", "public-body", "84"),
    ("Pharmacie du Marché", "company", "47"),
    ("Boulangerie Lefèvre", "company", "10"),
    ("Cabinet médical des Lilas", "company", "86"),
    ("Garage Dupré", "company", "45"),
    ("Librairie La Plume", "company", "47"),
    ("Fromagerie Bénard", "company", "47"),
    ("Cabinet dentaire Saint-Michel", "company", "86"),
    ("Agence immobilière du Parc", "company", "68"),
    ("Cave Le Tire-Bouchon", "company", "47"),
    ("Salon de coiffure Chloé", "company", "96"),
)
LOCAL_SERVICE_TITLES: tuple[tuple[str, str, str], ...] = (
    ("Pharmacie du Marché", "Pharmacien", "Pharmacienne"),
    ("Boulangerie Lefèvre", "Boulanger", "Boulangère"),
    ("Cabinet médical des Lilas", "Médecin généraliste", "Médecin généraliste"),
    ("Garage Dupré", "Garagiste", "Garagiste"),
    ("Librairie La Plume", "Libraire", "Libraire"),
    ("Fromagerie Bénard", "Fromager", "Fromagère"),
    ("Cabinet dentaire Saint-Michel", "Chirurgien-dentiste", "Chirurgienne-dentiste"),
    ("Agence immobilière du Parc", "Agent immobilier", "Agente immobilière"),
    ("Cave Le Tire-Bouchon", "Caviste", "Caviste"),
    ("Salon de coiffure Chloé", "Coiffeur", "Coiffeuse"),
)
# French titles as (masculine, feminine); English titles are the same for everyone.
TITLES_FR: tuple[tuple[str, str], ...] = (
    ("Directeur commercial", "Directrice commerciale"),
    ("Chef de projet", "Cheffe de projet"),
    ("Ingénieur logiciel", "Ingénieure logiciel"),
    ("Responsable RH", "Responsable RH"),
    ("Expert-comptable", "Experte-comptable"),
    ("Avocat associé", "Avocate associée"),
    ("Directeur général", "Directrice générale"),
    ("Responsable marketing", "Responsable marketing"),
    ("Consultant senior", "Consultante senior"),
    ("Acheteur", "Acheteuse"),
    ("Chargé d'affaires", "Chargée d'affaires"),
    ("Directeur financier", "Directrice financière"),
    ("Développeur", "Développeuse"),
    ("Architecte", "Architecte"),
    ("Responsable des achats", "Responsable des achats"),
    ("Fondateur", "Fondatrice"),
    ("Chef de produit", "Cheffe de produit"),
    ("Juriste", "Juriste"),
    ("Data scientist", "Data scientist"),
    ("Directeur des opérations", "Directrice des opérations"),
)
TITLES_EN = (
    "Head of Partnerships",
    "Product Manager",
    "Sales Director",
    "Software Engineer",
    "Chief Financial Officer",
    "Managing Director",
    "Marketing Lead",
    "Senior Consultant",
    "Procurement Manager",
    "Founder",
    "Talent Acquisition Partner",
    "Account Executive",
    "Operations Manager",
    "Data Analyst",
    "Solicitor",
)
ASSOCIATION_TITLES_FR: tuple[tuple[str, str], ...] = (
    ("Président", "Présidente"),
    ("Trésorier", "Trésorière"),
    ("Secrétaire", "Secrétaire"),
    ("Membre du bureau", "Membre du bureau"),
    ("Bénévole", "Bénévole"),
    ("Membre", "Membre"),
)
ASSOCIATION_TITLES_EN = ("Chair", "Treasurer", "Volunteer", "Member", "Committee member")
# (city, ISO country)
CITIES: tuple[tuple[str, str], ...] = (
    ("Paris", "FR"),
    ("Lyon", "FR"),
    ("Marseille", "FR"),
    ("Bordeaux", "FR"),
    ("Lille", "FR"),
    ("Nantes", "FR"),
    ("Toulouse", "FR"),
    ("Strasbourg", "FR"),
    ("Rennes", "FR"),
    ("Montpellier", "FR"),
    ("Grenoble", "FR"),
    ("Aix-en-Provence", "FR"),
    ("Saint-Étienne", "FR"),
    ("Besançon", "FR"),
    ("Orléans", "FR"),
    ("Genève", "CH"),
    ("Lausanne", "CH"),
    ("Bruxelles", "BE"),
    ("Liège", "BE"),
    ("Montréal", "CA"),
    ("Québec", "CA"),
)
CITIES_EN: tuple[tuple[str, str], ...] = (
    ("London", "GB"),
    ("Manchester", "GB"),
    ("Bristol", "GB"),
    ("Edinburgh", "GB"),
    ("Dublin", "IE"),
)
EXPERTISE = _words(
    "Négociation Marketing_digital Levée_de_fonds Droit_social Cybersécurité Export "
    "Recrutement Comptabilité Immobilier Logistique Design_produit Fiscalité Relations_presse "
    "Achats Intelligence_artificielle Énergie Qualité Management Public_speaking Fundraising "
    "Supply_chain Brand_strategy"
)
INTERESTS = _words(
    "Voile Jazz Randonnée Œnologie Échecs Tennis Photographie Cuisine Théâtre Course_à_pied "
    "Vélo Jardinage Opéra Escalade Lecture Cinéma Rugby Ski Sailing Birdwatching Poterie"
)

TOPICS_FR = (
    "sa reconversion",
    "le salon de l'automne",
    "un partenariat possible",
    "le marché de la cybersécurité",
    "son nouveau poste",
    "le recrutement d'un développeur",
    "une levée de fonds",
    "l'export vers le Royaume-Uni",
    "les tendances RH",
    "un appel d'offres",
    "la reprise de son entreprise",
    "un projet d'association",
    "les nouvelles du quartier",
    "la rentrée des enfants",
)
TOPICS_EN = (
    "their move to a new team",
    "the autumn trade fair",
    "a possible partnership",
    "the cybersecurity market",
    "hiring a senior developer",
    "a funding round",
    "expanding into France",
    "a tender we might answer together",
    "the conference programme",
    "a mentoring arrangement",
)
# Summaries per interaction kind; {topic}, {org} and {first} are filled in.
SUMMARIES_FR: dict[str, tuple[str, ...]] = {
    "meeting": ("Café : {topic}", "Rendez-vous chez {org} : {topic}"),
    "meal": ("Déjeuner avec {first} : {topic}", "Dîner ensemble : {topic}"),
    "call": ("Appel : {topic}", "Coup de fil de {first} : {topic}"),
    "video": ("Visio : {topic}", "Point en visio avec l'équipe de {org}"),
    "email": ("Échange de courriels : {topic}", "Envoyé un article : {topic}"),
    "message": ("SMS pour prendre des nouvelles", "Message : {topic}"),
    "social": ("Commentaire LinkedIn : {topic}", "Félicitations envoyées sur LinkedIn"),
    "event": ("Croisé au salon : {topic}", "Rencontre à l'événement de {org}"),
    "note": ("Note sur {first} : {topic}", "À retenir : {topic}"),
}
SUMMARIES_EN: dict[str, tuple[str, ...]] = {
    "meeting": ("Coffee to talk about {topic}", "Meeting at {org} about {topic}"),
    "meal": ("Lunch with {first}: {topic}", "Dinner, mostly about {topic}"),
    "call": ("Call about {topic}", "{first} rang about {topic}"),
    "video": ("Video call on {topic}", "Catch-up with the {org} team"),
    "email": ("E-mails about {topic}", "Sent the article on {topic}"),
    "message": ("Text to catch up", "Message about {topic}"),
    "social": ("Commented on their post about {topic}", "Congratulated them on LinkedIn"),
    "event": ("Met at the fair, talked about {topic}", "Bumped into them at the {org} event"),
    "note": ("Note: {first} is interested in {topic}", "Remember: {topic}"),
}
FAVOR_TEXTS: dict[str, tuple[str, str]] = {
    "advice": ("Conseils sur la négociation de son contrat", "Advice on pricing the offer"),
    "information": ("Infos sur les appels d'offres de la région", "Shared the market report"),
    "introduction": ("Mise en relation avec une DRH", "Introduced me to a buyer"),
    "referral": ("Recommandé auprès d'un client", "Referred a prospect"),
    "business": ("Contrat apporté : mission de conseil", "Passed on a consulting contract"),
    "invitation": ("Invitation au dîner du club", "Invitation to the product meetup"),
    "recommendation": ("Recommandation LinkedIn", "Wrote a LinkedIn recommendation"),
    "help": ("Aide pour le déménagement", "Helped proofread the proposal"),
    "gift": ("Livre offert pour son anniversaire", "Bottle of wine after the project"),
}
REQUEST_TOPICS = (
    "Relire son CV avant un entretien",
    "Un contact chez un grossiste en Bretagne",
    "Conseil sur le statut de freelance",
    "Can you introduce me to your CFO?",
    "Looking for a good employment lawyer",
    "Un avis sur sa présentation aux investisseurs",
    "Un stage pour sa fille",
    "Quote for the website redesign",
)
NEWS_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("new-job", "Rejoint {org} comme {title}"),
    ("new-job", "Joined {org} as {title}"),
    ("promotion", "Promu·e {title} chez {org}"),
    ("award", "Prix de l'innovation 2025 pour {org}"),
    ("award", "Shortlisted for the Women in Tech awards"),
    ("publication", "Publie un livre sur le management"),
    ("move", "S'installe à {city}"),
    ("birth", "Naissance de son deuxième enfant"),
    ("wedding", "S'est marié·e cet été"),
    ("company", "{org} lève 5 millions d'euros"),
    ("company", "{org} opens an office in Lyon"),
)
HOW_WE_MET = (
    "Rencontré·e au salon des entrepreneurs",
    "Présenté·e par un ancien collègue",
    "En promo ensemble à l'école",
    "Met at a product meetup in London",
    "Voisin·e de palier depuis dix ans",
    "Au club de tennis, le dimanche matin",
    "Client de mon premier poste",
)
# (name, kind, place, cost)
EVENTS: tuple[tuple[str, str, str, int], ...] = (
    ("Salon des entrepreneurs", "trade-fair", "Paris, Palais des Congrès", 0),
    ("Forum numérique de Lyon", "forum", "Lyon, Cité internationale", 45),
    ("Rencontres RH de Nantes", "conference", "Nantes, Cité des Congrès", 120),
    ("Speed business meeting de la CCI", "speed-meeting", "Chambre de commerce", 25),
    ("Tech for Good Summit", "conference", "London, ExCeL", 250),
    ("Atelier prise de parole", "training", "Bordeaux", 390),
    ("Product Tank meetup", "meetup", "London, Shoreditch", 0),
    ("Dîner du Cercle des dirigeants", "dinner", "Rennes", 65),
    ("Réunion mensuelle du club", "club-meeting", "Lyon", 0),
    ("Journée de l'export", "forum", "Marseille, Parc Chanot", 30),
)
DEBRIEFS = (
    "Trois contacts utiles, dont une acheteuse à relancer sous 48 h.",
    "Conférences moyennes, mais excellent déjeuner de networking.",
    "Useful: met two possible partners; follow up with the slides.",
    "Trop de monde, peu d'échanges de fond. À ne pas refaire.",
    "Great panel on hiring; the speaker offered to review our process.",
)
WHY_GO = (
    "Rencontrer des acheteurs du secteur public",
    "Meet UK distributors before the spring launch",
    "Retrouver les anciens de la promo",
    "Tester notre nouvelle offre auprès de prospects",
)
WHOM_TO_MEET = (
    "La responsable achats de la métropole ; deux cabinets de conseil",
    "Speakers from the partnerships panel",
    "Les organisateurs, pour proposer un atelier l'an prochain",
)
WHAT_I_BRING = (
    "Mon retour d'expérience sur l'export",
    "A short talk on pricing for freelancers",
    "Des mises en relation avec mon réseau lyonnais",
)
# (title, kind, keywords, NACE divisions)
GOALS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "Trouver un poste de directrice commerciale dans le numérique",
        "job",
        "directrice commerciale, numérique, SaaS",
        ("62", "63"),
    ),
    (
        "Find two distribution partners in the UK",
        "partners",
        "distribution, UK, wholesale",
        ("46",),
    ),
    (
        "Comprendre le marché de la cybersécurité",
        "sector-info",
        "cybersécurité, sécurité informatique",
        ("62",),
    ),
    ("Recruter un·e développeur·se senior", "recruiting", "développeur, Python, Django", ("62",)),
)
TASKS = (
    "Envoyer le compte rendu de la réunion",
    "Relancer pour le devis",
    "Préparer les questions pour le salon",
    "Send the deck after our call",
    "Renouveler la cotisation du club",
    "Acheter un cadeau pour l'anniversaire",
    "Remercier pour la mise en relation",
)
NOTES = (
    "Aime le jazz manouche et les vieux vinyles.",
    "Deux enfants, Paul et Inès.",
    "Prefers a call to a long e-mail.",
    "Allergique aux fruits à coque : y penser pour les déjeuners.",
    "Ancien rugbyman, toujours partant pour un match.",
    "Vegetarian; likes the Lebanese place near the station.",
    "Prépare un marathon au printemps.",
    "Mentor at a start-up accelerator.",
)
NICKNAMES = ("Mimi", "Fanfan", "Jojo", "Loulou", "Bibi", "Titi", "Coco", "Max", "Bea", "Sasha")
PERSONAL_DOMAINS = ("example.org", "example.fr", "example.net", "example.com")
