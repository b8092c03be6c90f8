"""The sample blog's posts: a Dotclear 2 blog on the social and solidarity economy and digital
inclusion (2006–2009), in the spirit of Jean-Luc Raymond's blog.

Data only. The ten posts of page 2 of the tag "economie sociale et solidaire" are the real ones of
`shared/samples/tag-economie-sociale-et-solidaire-page-2.txt`, titles and text verbatim (including
its non-breaking spaces, written here as ``\\xa0``); a few site names became example.org links.
Every other post is invented, generic content.

Shape of the listings this data yields (10 posts a page, newest first):

- tag "economie sociale et solidaire": 38 posts, 4 pages; page 1 from April 2009 back to March
  2007, page 2 the sample page, page 3 starting with "Café social (tendance 011)";
- other tags: "inclusion numérique" (13), "TIC" (10), "Espaces Publics Numériques" (8),
  "tendance" (5); eight posts have no tag at all.

Paragraphs are HTML fragments (inline markup only, ``&`` and ``<`` escaped); titles are plain text.
"""

# A paragraph is one string, however long: this data module is exempt from the line length.
# ruff: noqa: E501

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

from archiver.sample_blog.model import SampleComment, SamplePost

TZ = ZoneInfo("Europe/Paris")

AUTHOR = "Jean-Luc Raymond"

# Tag ids, as Dotclear shows them.
ESS = "economie sociale et solidaire"
INCLUSION = "inclusion numérique"
TIC = "TIC"
TENDANCE = "tendance"
EPN = "Espaces Publics Numériques"

# Categories.
ECO = "Economie sociale"
INC = "Inclusion numérique"
INI = "Initiatives"

# What Dotclear's text::tidyURL() strips from a title before turning spaces into hyphens.
_STRIPPED = str.maketrans("", "", '?&#=+<>"%')


def _dt(when: str) -> datetime:
    """'YYYY-MM-DD HH:MM', Paris wall-clock time, as an aware datetime."""
    return datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def _slug(published: datetime, title: str) -> str:
    """Dotclear's post URL "{y}/{m}/{d}/{t}": accents and most punctuation kept, raw Unicode."""
    words = title.translate(_STRIPPED).replace("'", " ").split()
    tail = re.sub("-+", "-", "-".join(words))
    return unicodedata.normalize("NFC", f"{published:%Y/%m/%d}/{tail}")


def _comment(author: str, website: str | None, when: str, *paragraphs: str) -> SampleComment:
    return SampleComment(author=author, website=website, published=_dt(when), paragraphs=paragraphs)


def _post(
    post_id: int,
    when: str,
    title: str,
    *,
    tags: tuple[str, ...] = (),
    category: str | None,
    paragraphs: tuple[str, ...],
    comments: tuple[SampleComment, ...] = (),
) -> SamplePost:
    published = _dt(when)
    return SamplePost(
        id=post_id,
        slug=_slug(published, title),
        title=title,
        published=published,
        author=AUTHOR,
        category=category,
        tags=tags,
        paragraphs=paragraphs,
        comments=comments,
    )


POSTS: tuple[SamplePost, ...] = (
    # ---- 2009 -------------------------------------------------------------------------------
    _post(
        478,
        "2009-04-22 21:14",
        "Micro-crédit et inclusion numérique : un ordinateur pour démarrer son activité",
        tags=(ESS, INCLUSION),
        category=ECO,
        paragraphs=(
            "Créer son activité quand on est éloigné de l'emploi passe de plus en plus par Internet : devis, factures, site vitrine, démarches en ligne. Pour beaucoup de micro-entrepreneurs, l'achat d'un ordinateur reste pourtant un obstacle.",
            '<img src="/public/images/atelier-micro-credit.jpg" alt="Atelier micro-crédit et informatique" /> Plusieurs associations de micro-crédit proposent désormais de financer l\'équipement informatique dans le prêt de démarrage, avec un accompagnement à la prise en main.',
            "Le micro-crédit devient ainsi un outil d'<strong>inclusion numérique</strong> autant que d'insertion économique. Une fiche pratique est disponible sur le <a href=\"http://www.example.org/microcredit/fiche-equipement\">site du réseau Micro-crédit Solidaire</a>.",
        ),
        comments=(
            _comment(
                "Nadia B.",
                None,
                "2009-04-23 08:17",
                "Très bonne initiative. Dans notre quartier, c'est l'accompagnement après l'achat qui fait toute la différence.",
            ),
        ),
    ),
    _post(
        474,
        "2009-04-15 09:12",
        "Le rôle des Espaces Publics Numériques face à la crise : accompagner les demandeurs d'emploi",
        tags=(ESS, EPN, INCLUSION),
        category=INC,
        paragraphs=(
            "Depuis l'automne, les animateurs des Espaces Publics Numériques voient arriver un nouveau public : des demandeurs d'emploi qui doivent consulter des offres, déposer un CV en ligne ou s'inscrire sur des plateformes de recrutement.",
            "Beaucoup d'EPN ont ouvert des créneaux dédiés, souvent en partenariat avec les structures de l'insertion et les missions locales. L'accès libre ne suffit pas : il faut du temps de médiation, et donc des moyens.",
            'Le réseau régional publie un <a href="http://www.example.org/epn/guide-emploi">guide des ateliers emploi en EPN</a>, avec des fiches réutilisables par les animateurs.',
        ),
    ),
    _post(
        471,
        "2009-04-07 18:30",
        "Printemps : quelques nouvelles du blog",
        category=None,
        paragraphs=(
            "Le rythme des billets a un peu ralenti ces dernières semaines, faute de temps. Les sujets ne manquent pas et plusieurs articles sont en préparation.",
            "Merci pour vos messages et vos suggestions de lectures : ils nourrissent ce carnet depuis le début.",
        ),
    ),
    _post(
        468,
        "2009-04-01 00:05",
        "Finance solidaire : l'épargne qui a du sens",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "Livrets, fonds communs de placement, actions de sociétés non cotées : les produits d'épargne solidaire se sont multipliés et sont désormais proposés par la plupart des réseaux bancaires.",
            "Une partie de l'épargne collectée finance des entreprises d'insertion, du logement très social, des projets de commerce équitable ou des associations de micro-crédit. Un label permet de s'y retrouver.",
            "Ce n'est pas un <em>poisson d'avril</em> : l'encours de l'épargne solidaire a encore progressé l'an dernier, malgré la crise financière.",
        ),
    ),
    _post(
        462,
        "2009-03-18 20:40",
        "Logiciels libres & associations : le guide pratique pour s'équiper",
        tags=(ESS, TIC),
        category=INI,
        paragraphs=(
            "Traitement de texte, tableur, gestion des adhérents, comptabilité, site Internet : une petite association peut aujourd'hui s'équiper entièrement en logiciels libres, sans frais de licence.",
            "Un collectif d'animateurs multimédia et de bénévoles vient de publier un <a href=\"http://www.example.org/libre-asso/guide\">guide pratique Logiciels libres &amp; associations</a>, sous licence Creative Commons. Il présente une trentaine d'outils classés par usage, avec des témoignages de structures qui ont franchi le pas.",
            "Le guide insiste sur un point souvent oublié : la migration se prépare, avec de la formation et un accompagnement des bénévoles. Le logiciel libre est aussi une affaire de <strong>partage de savoir-faire</strong>.",
        ),
        comments=(
            _comment(
                "Pierre-Yves",
                "http://www.example.net/pierre-yves/",
                "2009-03-19 09:05",
                "Merci pour le lien ! Nous sommes passés à une suite bureautique libre l'an dernier dans notre association, sans difficulté majeure.",
            ),
            _comment(
                "Martine",
                None,
                "2009-03-19 13:48",
                "Existe-t-il une version imprimable ? Nos bénévoles les plus âgés préfèrent le papier.",
            ),
            _comment(
                "Jean-Luc Raymond",
                None,
                "2009-03-19 18:22",
                "Martine : oui, une version au format PDF est téléchargeable sur la même page.",
            ),
            _comment(
                "Clic Solidaire",
                "http://www.example.net/clic-solidaire/",
                "2009-03-21 10:31",
                'Nous organisons des ateliers de découverte des logiciels libres pour les associations du quartier : voici le <a href="http://www.example.net/clic-solidaire/ateliers">programme des ateliers</a>.',
            ),
        ),
    ),
    _post(
        455,
        "2009-02-26 22:47",
        "Trois ans de blog : leçons et perspectives",
        category=None,
        paragraphs=(
            "Ce blog aura bientôt trois ans. L'économie sociale et solidaire et l'inclusion numérique restent les deux fils conducteurs de ce carnet.",
            "Ce que ces années enseignent : les initiatives les plus solides sont rarement les plus visibles sur le Web. Il faut aller les chercher, les raconter et les relier entre elles.",
        ),
    ),
    _post(
        449,
        "2009-02-10 10:20",
        'Le "Passeport Internet et Multimédia", un sésame pour les Espaces Publics Numériques',
        tags=(EPN, INCLUSION),
        category=INC,
        paragraphs=(
            "Le Passeport Internet et Multimédia permet de valider les premiers acquis d'un usager : se servir d'un ordinateur, naviguer sur le Web, envoyer un courriel, protéger ses données.",
            "Délivré gratuitement dans les Espaces Publics Numériques participants, il s'adresse en priorité aux personnes qui n'ont jamais suivi de formation en informatique. Pour les animateurs, c'est aussi un moyen de structurer les parcours d'initiation.",
            'La liste des lieux habilités est consultable sur le <a href="http://www.example.org/passeport/lieux">site du Passeport</a>.',
        ),
        comments=(
            _comment(
                "Sophie L.",
                "http://www.example.net/sophie-epn/",
                "2009-02-11 14:03",
                "Nous le délivrons depuis janvier dans notre EPN : les usagers sont très fiers de recevoir leur attestation.",
            ),
            _comment(
                "Karim",
                None,
                "2009-02-12 21:36",
                "Est-ce reconnu par les employeurs ? C'est la question que posent souvent les demandeurs d'emploi.",
            ),
        ),
    ),
    _post(
        441,
        "2009-01-13 17:55",
        "Les Scop en 2008 : une croissance qui résiste",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "Les sociétés coopératives de production ont continué de créer des emplois en 2008, malgré un contexte économique difficile. Le modèle, où les salariés détiennent la majorité du capital, semble mieux résister aux secousses.",
            "Les réserves impartageables, qui restent dans l'entreprise, et la participation des salariés aux décisions expliquent en partie cette solidité. Les reprises d'entreprises par leurs salariés sous forme de Scop sont aussi en progression.",
        ),
    ),
    # ---- 2008 -------------------------------------------------------------------------------
    _post(
        436,
        "2008-12-23 19:12",
        "Trêve des confiseurs : des idées de cadeaux solidaires",
        category=INI,
        paragraphs=(
            "Le blog fait une courte pause pour les fêtes. Avant de partir, quelques idées de cadeaux qui ont du sens : produits du commerce équitable, abonnements à des revues indépendantes, parts sociales d'une coopérative.",
            "Pensez aussi aux boutiques des entreprises d'insertion et des ateliers protégés, souvent présentes sur les marchés de Noël. Bonnes fêtes à toutes et à tous !",
        ),
    ),
    _post(
        431,
        "2008-12-02 08:50",
        "Micro-don (tendance 031)",
        tags=(TENDANCE,),
        category=ECO,
        paragraphs=(
            "Arrondir son ticket de caisse ou son salaire à l'euro supérieur au profit d'une association : le micro-don s'installe doucement en France après avoir fait ses preuves ailleurs.",
            "Un geste minuscule, répété des milliers de fois, peut financer des projets locaux durables. Reste à garantir la transparence sur l'affectation des sommes collectées.",
        ),
    ),
    _post(
        425,
        "2008-11-05 12:30",
        "Mois de l'Economie Sociale et Solidaire : un mois pour découvrir d'autres façons d'entreprendre",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "Tout au long du mois de novembre, des centaines de manifestations sont organisées dans les régions : portes ouvertes de coopératives, forums de l'emploi, projections-débats, visites d'entreprises d'insertion.",
            'L\'objectif est de faire connaître au grand public un secteur où beaucoup travaillent sans le savoir. Le <a href="http://www.example.org/mois-ess/agenda">programme complet</a> est en ligne, région par région.',
        ),
    ),
    _post(
        421,
        "2008-10-26 11:40",  # the day clocks went back: +01:00 from 03:00
        "Heure d'hiver : où en est la fracture numérique ?",
        tags=(INCLUSION, TIC),
        category=INC,
        paragraphs=(
            "On a reculé les montres cette nuit ; profitons de l'heure gagnée pour faire le point. Le taux d'équipement des foyers progresse, mais l'écart se creuse pour les personnes âgées, les ménages modestes et certains territoires ruraux.",
            "La fracture numérique n'est plus seulement une question d'accès au réseau : elle porte désormais sur les usages, la capacité à faire ses démarches en ligne, à se former, à trouver un emploi.",
            "Les lieux de médiation numérique restent indispensables, à condition d'être soutenus dans la durée.",
        ),
        comments=(
            _comment(
                "Bernard",
                None,
                "2008-10-26 18:05",
                "Dans ma commune rurale, le haut débit n'est toujours pas arrivé. La fracture d'accès existe encore !",
            ),
            _comment(
                "Animatrice EPN",
                "http://www.example.net/epn-du-val/",
                "2008-10-27 09:44",
                "Tout à fait d'accord sur les usages : nous accueillons de plus en plus de personnes équipées mais perdues face aux démarches en ligne.",
            ),
        ),
    ),
    _post(
        414,
        "2008-09-16 07:58",
        "Recycleries et ressourceries : quand le réemploi crée de l'emploi",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "Collecter les objets dont on ne veut plus, les réparer, les revendre à petit prix et sensibiliser à la réduction des déchets : c'est le travail des ressourceries, souvent portées par des associations d'insertion.",
            'Mobilier, vélos, électroménager, matériel informatique : chaque filière de réemploi crée des postes de travail accessibles à des personnes éloignées de l\'emploi. Le réseau national publie une <a href="http://www.example.org/ressourceries/carte">carte des structures</a>.',
        ),
    ),
    _post(
        402,
        "2008-08-12 16:20",
        "Carnet d'été : lectures solidaires pour la plage",
        category=ECO,
        paragraphs=(
            "Quelques lectures pour l'été : un essai sur l'histoire des coopératives, un recueil de portraits d'entrepreneurs sociaux et un petit guide de la consommation responsable.",
            "Et vous, que lisez-vous cet été ? Les suggestions sont les bienvenues en commentaire.",
        ),
    ),
    _post(
        395,
        "2008-06-24 09:35",
        "Des ordinateurs reconditionnés pour les familles : l'exemple d'une association d'insertion",
        tags=(ESS, TIC, INCLUSION),
        category=INI,
        paragraphs=(
            "Dans une petite ville de l'Ouest, une association d'insertion récupère les ordinateurs réformés des entreprises et des administrations. Les postes sont nettoyés, reconditionnés avec des logiciels libres, puis revendus à bas prix à des familles à faibles revenus.",
            '<img src="/public/images/atelier-reconditionnement.jpg" alt="Atelier de reconditionnement d\'ordinateurs" /> L\'atelier emploie une dizaine de salariés en parcours d\'insertion, qui acquièrent au passage des compétences techniques recherchées.',
            "Chaque ordinateur est remis avec une séance de prise en main. Le modèle combine ainsi trois objectifs : l'emploi, la réduction des déchets électroniques et l'<strong>accès de tous</strong> à l'informatique.",
        ),
    ),
    _post(
        388,
        "2008-05-06 13:10",
        "Le blog change d'hébergeur",
        category=None,
        paragraphs=(
            "Le blog a déménagé ce week-end vers un nouvel hébergement. Les adresses des billets ne changent pas, mais quelques images peuvent manquer pendant quelques jours.",
            "Merci de signaler tout lien cassé en commentaire.",
        ),
    ),
    _post(
        379,
        "2008-03-11 19:45",
        "Web 2.0 et solidarité (tendance 027)",
        tags=(TENDANCE, TIC),
        category=INC,
        paragraphs=(
            "Blogs, wikis, réseaux sociaux, partage de vidéos : les outils du Web 2.0 sont devenus en quelques années des moyens d'action pour les associations et les collectifs citoyens.",
            "Mobiliser des bénévoles, relayer une campagne, documenter un projet, coproduire des ressources : la dimension collaborative du Web rejoint des valeurs anciennes de l'éducation populaire.",
            "Reste une question : comment éviter que ces outils ne profitent qu'à ceux qui les maîtrisent déjà ?",
        ),
        comments=(
            _comment(
                "Lucie",
                "http://www.example.net/lucie/",
                "2008-03-30 15:02",  # the day clocks went forward: +02:00
                "La question finale est la bonne. Sans médiation, le Web 2.0 reste un club d'initiés.",
            ),
        ),
    ),
    _post(
        362,
        "2008-02-05 11:05",
        "Commerce équitable en ligne : les boutiques associatives se lancent",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "Après les magasins de quartier et les marchés, les associations de commerce équitable ouvrent à leur tour des boutiques en ligne. Café, thé, artisanat, textiles : les catalogues s'étoffent.",
            "Pour de petites structures, la vente en ligne représente un vrai défi : logistique, paiement sécurisé, mise à jour du catalogue. Certaines mutualisent une même plateforme pour en partager les coûts.",
        ),
    ),
    # ---- 2007 -------------------------------------------------------------------------------
    _post(
        341,
        "2007-11-27 21:30",
        "Nouveau thème pour le blog",
        category=None,
        paragraphs=(
            "Le blog change d'habillage : une mise en page plus claire, des caractères plus lisibles et une navigation par mots-clés dans la colonne de droite.",
            "N'hésitez pas à signaler tout problème d'affichage selon votre navigateur.",
        ),
    ),
    _post(
        330,
        "2007-10-16 14:15",
        "Journée portes ouvertes dans les Espaces Publics Numériques",
        tags=(EPN,),
        category=INC,
        paragraphs=(
            "Samedi prochain, de nombreux Espaces Publics Numériques ouvrent leurs portes au public : démonstrations, initiations gratuites, rencontres avec les animateurs.",
            "C'est l'occasion de découvrir ces lieux de proximité, encore trop méconnus, où l'on peut apprendre à se servir d'un ordinateur, créer son adresse de courriel ou faire ses premiers pas sur Internet.",
        ),
    ),
    _post(
        317,
        "2007-09-04 08:25",
        "Rentrée des associations : les outils numériques pour gérer ses adhérents",
        tags=(TIC,),
        category=INI,
        paragraphs=(
            "La rentrée est la période des inscriptions et des assemblées générales. Beaucoup d'associations gèrent encore leurs adhérents avec un simple tableur, voire un cahier.",
            'Des logiciels libres de gestion associative existent pourtant : fichier des membres, cotisations, envoi de lettres d\'information. Une <a href="http://www.example.com/outils-asso/comparatif">comparaison des principaux outils</a> a été publiée par un collectif de bénévoles.',
        ),
    ),
    _post(
        298,
        "2007-07-10 17:40",
        "Billet d'humeur : un été sans connexion ?",
        category=INC,
        paragraphs=(
            "Les vacances approchent et, avec elles, la fermeture estivale de nombreux lieux d'accès public à Internet. Pour ceux qui n'ont pas de connexion à domicile, l'été peut rimer avec isolement numérique.",
            "Quelques EPN choisissent d'ouvrir en juillet et en août, avec des animations pour les jeunes. Une bonne pratique à saluer et à diffuser.",
        ),
    ),
    _post(
        287,
        "2007-06-12 10:50",
        "Accessibilité : l'accès au Web pour tous dès la conception des sites",
        tags=(INCLUSION,),
        category=INC,
        paragraphs=(
            "Un site Web accessible peut être consulté par une personne aveugle avec un lecteur d'écran, par une personne qui ne peut pas utiliser de souris ou par un senior dont la vue baisse.",
            "Les règles d'accessibilité sont connues et documentées ; elles ne coûtent presque rien si elles sont prises en compte <em>dès la conception</em>. Les sites associatifs et publics devraient montrer l'exemple.",
        ),
    ),
    _post(
        271,
        "2007-05-02 09:30",
        "Médiateur numérique (tendance 019)",
        tags=(TENDANCE, INCLUSION),
        category=INC,
        paragraphs=(
            "Animateur multimédia, cyber-animateur, médiateur numérique : le vocabulaire change, le métier se précise. Il s'agit d'accompagner chacun vers une appropriation autonome des outils numériques.",
            "Le médiateur numérique n'est pas un simple technicien : il écoute, explique, rassure et relie les usagers à d'autres ressources du territoire.",
        ),
    ),
    _post(
        262,
        "2007-03-25 10:15",  # the day clocks went forward: +02:00 from 02:00
        "Insertion par l'activité économique : des chantiers d'insertion dans le numérique",
        tags=(ESS, TIC),
        category=ECO,
        paragraphs=(
            "Les chantiers d'insertion se diversifient. À côté des espaces verts et du bâtiment, certains proposent désormais des activités liées au numérique : saisie de données, numérisation d'archives, maintenance informatique.",
            "Ces activités permettent aux salariés en insertion d'acquérir des compétences directement utiles sur le marché du travail. Elles demandent en revanche un encadrement technique qualifié.",
            'Une journée d\'échanges sur ces chantiers numériques est en préparation ; le <a href="http://www.example.org/iae/chantiers-numeriques">programme provisoire</a> est déjà en ligne.',
        ),
    ),
    _post(
        255,
        "2007-03-14 20:05",
        "Le blog a un an",
        category=None,
        paragraphs=(
            "Ce blog a été ouvert il y a tout juste un an. L'idée était de partager une veille sur l'économie sociale et solidaire et l'inclusion numérique, deux mondes qui gagnent à se rencontrer.",
            "Merci à toutes celles et ceux qui le lisent, le commentent et le font connaître.",
        ),
    ),
    _post(
        243,
        "2007-02-01 18:20",
        "Animateurs multimédia en EPN : une profession qui se structure",
        tags=(EPN,),
        category=INC,
        paragraphs=(
            "Les animateurs des Espaces Publics Numériques ont des statuts très divers : emplois aidés, contractuels de collectivités, salariés associatifs, bénévoles. Cette précarité fragilise les lieux eux-mêmes.",
            'Des formations qualifiantes se mettent en place et les réseaux régionaux plaident pour une reconnaissance du métier. Un <a href="http://www.example.org/epn/referentiel-metier">référentiel de compétences</a> est en discussion.',
        ),
    ),
    _post(
        236,
        "2007-01-09 12:00",
        "Vœux 2007 : pour un Internet accessible à tous",
        tags=(INCLUSION,),
        category=INC,
        paragraphs=(
            "Tous mes vœux pour cette nouvelle année ! Puisse 2007 voir reculer la fracture numérique et progresser l'économie solidaire.",
            "Les chantiers ne manquent pas : équipement des familles, formation des seniors, soutien aux lieux d'accès public, accessibilité des sites pour les personnes handicapées.",
        ),
    ),
    # ---- 2006 -------------------------------------------------------------------------------
    _post(
        231,
        "2006-12-29 15:40",
        "Bilan 2006 : une année pour l'inclusion numérique",
        tags=(INCLUSION,),
        category=INC,
        paragraphs=(
            "L'année 2006 aura été riche en initiatives locales : nouveaux Espaces Publics Numériques, ateliers pour les seniors, ordinateurs recyclés au profit d'associations.",
            "Elle aura aussi montré les limites d'une politique publique dispersée, où chaque dispositif porte son propre label. Beaucoup reste à faire pour coordonner les acteurs.",
        ),
    ),
    # Page 2 of the tag "economie sociale et solidaire": the sample file, verbatim.
    _post(
        226,
        "2006-12-24 18:05",
        "Agence de Valorisation des Initiatives Socio-Economiques, acteurs de la filière Déchets d'Equipements Electriques et Electroniques, Coopératives d'Activités et d'Emploi",
        tags=(ESS, TIC),
        category=ECO,
        paragraphs=(
            "L'Agence de Valorisation des Initiatives Socio-Economiques\xa0(AVISE)\xa0édite un\xa0<a href=\"http://www.example.org/avise/\">site Internet</a>\xa0ressource en matière d'innovation sociale. L'AVISE agit pour une meilleure connaissance et la consolidation des initiatives entrepreneuriales existantes et pour favoriser l'émergence de nouvelles initiatives créatrices d'emploi et porteuses de cohésion sociale. Elle base son action sur la valorisation de projets plaçant l'homme au coeur de l'entreprise et de son développement.",
            "L'AVISE s'adresse aux promoteurs d'initiatives au carrefour du social et de l'économique, ainsi qu'à leurs réseaux ; son action bénéficie également aux services de l'Etat, aux collectivités locales, aux organismes publics ainsi qu'au milieux économiques. Son site fourmille d'idées et de bonnes pratiques de l'Economie Sociale et Solidaire. Elle publie\xa0aussi des guides à télécharger gratuitement dont deux ressources utiles pour le secteur des Technologies de l'Information et de la Communication :",
            '- "Annuaire 2007 DEEE : Choisir les entreprises de l’économie sociale et solidaire" :\xa0Qui informe les acteurs de la filière "DEEE" (Déchets d\'Equipements Electriques et Electroniques) sur les ressources que constituent les entreprises de l\'économie sociale et solidaire. On y trouve\xa0des cartographies rendant compte de leurs implantations sur le territoire national (279 établissements) et des fiches par entreprise sociale qui précisent leurs domaines privilégiés d\'intervention,',
            "- \"Coopératives d'Activités et d'Emploi - L'entreprise partagée\" : Mieux faire comprendre le concept de CAE à partir de témoignages d'acteurs... Dans la collection \"Choisir d'entreprendre autrement\", la publication \"Coopératives d'Activités et d'Emploi - L'entreprise partagée\" propose un ensemble de repères, de témoignages et de ressources qui\xa0permettent de mieux comprendre la réalité et l'intérêt de cette forme novatrice d'entreprise sociale. Ce mini-guide comprend un carnet d'adresses et une carte de France des Coopératives d'Activités et d'Emploi\xa0(CAE) du réseau Coopérer pour entreprendre.",
        ),
    ),
    _post(
        225,
        "2006-12-24 15:32",
        "Offrir un zébu à Madagascar, un cadeau solidaire... Internet crée du lien",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "L'entreprise\xa0Zebu Overseas Board vous propose d'investir à Madagascar dans un zébu.\xa0Pour 300 Euros, le zébu est mis à disposition d'une famille malgache, en location-vente, qui l'utilise au quotidien comme animal d'élevage (\"pour produire du lait, labourer sa terre, engendrer des veaux ou tirer une charrette et produire du fumier naturel\").",
            "Au terme de deux ou trois années de remboursements mensuels, le paysan devient à son tour le propriétaire de l'animal et\xa0votre capital\xa0est alors réinvesti dans d'autres projets de développement agricole à Madagascar. Le Zebu Overseas Board applique le principe du micro-crédit. Internet joue un vrai rôle dans cette aventure solidaire : chaque investisseur peut voir son animal en photo sur\xa0l'espace privé de Zebu Overseas Board\xa0et avoir des nouvelles de la famille qui s'en occupe. Une action solidaire d'investissement local qui\xa0destinée directement à une population qui en a besoin. Plus de renseignements sur le <a href=\"http://www.example.org/zebu-overseas-board/\">site Internet Zebu Overseas Board</a>.",
        ),
        comments=(
            _comment(
                "Claire",
                "http://www.example.net/claire/",
                "2006-12-24 20:11",
                "Quelle belle idée de cadeau ! Je viens d'offrir un zébu à mes parents pour Noël.",
            ),
            _comment(
                "Thomas",
                None,
                "2006-12-26 11:02",
                "Le principe du micro-crédit appliqué à l'élevage, c'est concret et lisible. Peut-on suivre les remboursements en ligne ?",
            ),
            _comment(
                "Jean-Luc Raymond",
                None,
                "2006-12-26 18:30",
                "Thomas : l'espace privé du site permet de voir l'animal en photo et d'avoir des nouvelles de la famille.",
            ),
        ),
    ),
    _post(
        219,
        "2006-12-19 22:47",
        "Ecologie au quotidien en famille par Valérie, une publication alternative en ligne appréciée",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "L'édition 2006 du \"Guide des médias alternatifs et des sources d'information différentes 2006\" (édité aux Editions Le P'tit Gavroche, 3 rue des lilas, 69008 Lyon) mis à disposition sous un contrat Creative Commons, propose un annuaire d'une Presse différente, citoyenne, militante, préoccupée par des questions d'appropriation de l'information et de sa diffusion sous la forme papier et Internet.",
            'De nombreuses initiatives sont présentées dont celle de Valérie, lectrice de la revue\xa0S!lence vivant à Lille, a décidé de <a href="http://www.example.net/ecologie-au-quotidien/">créer un blog</a> en janvier 2005, sur le thème de "l\'écologie au quotidien, en famille", un blog très lu et alimenté avec soin chaque jour.',
            "\"Je désirais partager mon expérience de mère de famille en matière d'écologie. Mon énergie et ma motivation résultent du fait qu'agir pour les générations futures n'est pas pour moi une vaine maxime puisque je suis mère de trois enfants, institutrice et formatrice BAFA de formation.",
            "Après, le succès de ce blog aidant, je suis sortie des thèmes centrés sur la famille et j'ai commencé à parler des sujets qui me tenaient à coeur. J'ai ouvert une revue de presse et un agenda. A 43 ans, j'ai plein de choses à dire! Puis les lecteurs m'ont demandé des compléments d'infos, posé des questions, d'où créations de nouvelles rubriques! Le blog explose mais bon pourquoi m'arrêter ? Et puis c'est convivial, on m'encourage même de l'étranger! Mon objectif aujourd'hui est d'informer et sensibiliser un maximum de gens!\"",
            "Son blog connaît assez vite un succès plutôt enthousiasmant : plus de 41 000\xa0visites en 9 mois, soit environ 4500 par mois. Pour s'informer, Valérie avoue lire\xa0\"énormément\". \"J'écoute les radios, je participe à un maximum de conférences, débats et n'étant pas timide, j'interpelle, questionne, m'informe! Je surfe, je recoupe, je vérifie, j'approfondis. Je marche à l'instinct, j'aime lever les lièvres : un sujet m'intéresse, je recherche infos, bibliographies, je contacte les personnes, associations pouvant me répondre. Plusieurs fois j'ai sorti l'info avant les officieux ou officiels!\"",
            'Quand on lui demande comment elle finance cette activité, Valérie répond qu\'elle travaille en favorisant "la gratuité, faire sans but mercantile, sans échanges financiers. Je travaille pour le compte des enfants du futur. Libre de tout engagement, sans pression financière, sans patron, le rêve : faites comme moi!".',
        ),
    ),
    _post(
        216,
        "2006-12-18 09:12",
        "Portes numériques : portail local d'échanges sur les pratiques multimédias en Région Pays de la Loire",
        tags=(ESS, EPN, INCLUSION),
        category=INC,
        paragraphs=(
            'Via <a href="http://www.example.org/a-brest/">A-Brest</a>, une initiative originale toute récente\xa0inter-réseaux d\'acteurs locaux de l\'internet :\xa0Portes Numériques\xa0: "un atlas répertoriant les lieux et pratiques multimédia en Région Pays de la Loire. Présenté sous la forme d’un espace web collaboratif, le site est ouvert aux espaces non marchands, associatifs ou liés à des collectivités territoriales proposant des usages et des pratiques de l’internet et/ou du multimédia et désirant échanger des expériences et des compétences."',
            "Cet espace\xa0Internet sur la région des Pays de la Loire\xa0a été conçu et mis en ligne\xa0pour que les publics disposent d'un site sur lequel, ils puissent\xa0retrouver les lieux et les pratiques multimédias et pour que les acteurs\xa0puissent échanger entre\xa0eux sur\xa0leurs pratiques quotidiennes.",
            'Le menu "Les Rencontres" liste des temps forts, événements. Le menu "Les Portes" présente les différents lieux\xa0: vous pouvez y faire une recherche par ville. Le menu "Les Pratiques" vous permet de faire une recherche en fonction des activités proposées.',
            "Pratique et bien conçu, il ne reste plus que Les Portes Numériques\xa0soient appropriées par les\xa0acteurs locaux qui y participent ;\xa0des Espaces Publics Numériques motivés\xa0:",
            "ECM Emap (St-Nazaire) ; Ping (Nantes) ; A2F (St-Nazaire) ; Le Nautile (St-Nazaire) ; Point Cyb/CIJ (St-Nazaire) ; Start’Air (St-Malo-de-Guersac) ; Pôle multimédia ARPEJ (Rezé) ; La Fabrique du Libre (Nantes) ; APO33 (Nantes) et le Cyber Centre (Guérande).",
        ),
    ),
    _post(
        211,
        "2006-12-13 14:26",
        "Coopératives d'Activités et d'Emploi : créer son emploi et son activité de manière différente",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "Concept social\xa0innovant associant l'entrepreneuriat et le salariat, la responsabilisation et des valeurs humaines, les coopératives d'activité et d'emploi connaissent un succès majeur en France, notamment auprès de demandeurs d'emploi qui ont des compétences, un savoir-faire et souhaitent se lancer dans la création d'activité sans risque. Découverte de cet entrepreneuriat d'un nouveau genre.",
            "Qu'est-ce qu'une coopérative d'activités et d'emploi (CAE) ?",
            "Une coopérative d'activités et d'emploi (CAE)\xa0est une SARL (Société à Responsabilité Limitée) et une SCOP (Société Coopérative Ouvrière de Production) qui permet à des personnes de tester grandeur nature un projet de création d'activité (alternative intéressante à la création d'entreprise classique) en étant salariés à hauteur de leur chiffre d'affaires et donc, sans constituer de structure juridique indépendante et sans prendre de risque social (la couverture sociale est assurée via le salariat).",
            "Le démarrage de cette activité est progressif et le porteur de projet bénéficie d'un accompagnement par de la formation, actif, professionnel et adapté aux besoins de chacun. Cela permet aussi à l'entrepreneur de ne pas se retrouver seul et isolé. Chaque entrepreneur développe son activité et sa clientèle lui-même.",
            "La coopérative d'activités et d'emploi s'occupe de la partie comptable et administrative de l'activité, sachant que son rôle est également de favoriser l'entrepreneur avec ces notions.",
            "Chaque créateur d'activité est un\xa0entrepreneur(e)-salarié(e) de la coopérative d'activités et d'emploi au même titre que\xa0d'autres entrepreneurs salariés de la même CAE. Chaque entrepreneur-salarié fait ainsi le choix de mutualiser\xa0son savoir-faire,\xa0son enthousiame et\xa0son expérience avec d'autres entrepreneurs individuels.",
            "Les CAE inscrivent leur activité dans ce que l'on appelle l'Economie Sociale et Solidaire... Pour entreprendre autrement, avec l'homme placé au coeur de l'économie coopérative, autrement dit,\xa0il s'agit de mettre\xa0en commun des compétences professionnelles pour valoriser des savoir-faire. L'idée est née à Lyon en 1995. On en comptait plus de 25 en 2003. Il y en a aujourd'hui plus de\xa060 en France sans oublier que le concept de la CAE existe également\xa0en Belgique, au Québec...",
            "Où trouver une\xa0coopérative d'activités et d'emploi près de chez soi ? Où se renseigner sur les CAE ?",
            "Le réseau Coopérer pour Entreprendre regroupe en France 61 coopératives d'activités et d'emploi réparties sur tout le territoire. Le\xa0site Internet de ce réseau explique les principales caractéristiques de la création d'activités en CAE et fournit les coordonnées des CAE dans toute la France.",
            "A Paris et en Ile-de-France,\xa0la coopérative d'activités et d'emploi\xa0Coopaname (généraliste) est présente à Paris 20e, à Nanterre (92), Saint-Denis (93) et est en cours de déploiement à Créteil (94) et à Paris 13e. En Ile-de-France, des réunions d'informations sont organisées par Coopaname pour\xa0découvrir ce qu'est une CAE et voir si cela correspond à un projet de création d'activités seul(e) ou en petit groupe. Coopaname compte actuellement plus de 120 entrepreneurs associés. Renseignements\xa0sur le <a href=\"http://www.example.org/coopaname/\">site Internet de Coopaname</a>.",
            "La grande majorité des CAE sont généralistes et accueillent des entrepreneurs de différents secteurs professionnels. Il existe aussi des CAE spécialisées comme\xa0Coop'Action\xa0à Toulouse\xa0(métiers du bâtiment),\xa0Art en réel à Strasbourg (métiers artistiques et culturels)\xa0ou Alter-Bâtir à Paris 17e\xa0(bâtiment écologique et en économies d'énergie). A Paris 19e, la toute nouvelle coopérative d'activités et d'emploi\xa0Port Parallèle est spécialisée dans le secteur des Technologies de l'Information et de la Communication,\xa0du multimédia ou de la communication. Pour suivre l'actualité des CAE en Rhône-Alpes, on peut consulter le <a href=\"http://www.example.org/entreprendre-autrement/\">site Entreprendre Autrement</a>.",
            'Les CAE existent en Belgique (voir le site du réseau Coopac.be) ; en Suède sous la forme de coopératives d\' "auto emploi" ;\xa0en Italie, ce sont des coopératives sociales et en Espagne avec les travailleurs associés.\xa0Enfin, au\xa0Québec, on compte 124 coopératives de solidarité.',
        ),
        comments=(
            _comment(
                "Hélène M.",
                None,
                "2006-12-14 09:27",
                "Je suis entrepreneure-salariée dans une CAE depuis un an : l'accompagnement et le fait de ne pas être seule changent tout.",
            ),
            _comment(
                "Coop Ouest",
                "http://www.example.net/coop-ouest/",
                "2006-12-15 16:50",
                'Merci pour ce panorama très complet. Notre coopérative organise une réunion d\'information chaque premier mardi du mois : <a href="http://www.example.net/coop-ouest/reunions">dates et inscription</a>.',
            ),
        ),
    ),
    _post(
        208,
        "2006-12-11 19:03",
        "Rue de la Solidarité à Paris, un projet de développement local du secteur de l'économie sociale et solidaire",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "La Mairie de Paris et l'O.P.A.C.\xa0innove socialement en lançant un audacieux\xa0appel à projets auprès des\xa0associations, des coopératives ou les entreprises inscrites dans le champ de l'économie sociale et solidaire pour créer une rue sur le thème de la Solidarité dans le 19e arrondissement de la capitale.",
            "L'objectif est intéressant : il s'agit de rassembler dans des locaux d'activités en pieds d'immeuble des acteurs de l'économie solidaire au sens large avec un loyer adapté, leur permettant de créer une activité\xa0ou de développer un projet.\xa0Les\xa0structures retenues bénéficieront d'un écosystème local dans le\xa0même champ\xa0éthique et social favorisant le développement économique local.",
            "Vous pouvez télécharger le dossier de candidature au format .pdf <a href=\"http://www.example.org/paris/rue-de-la-solidarite/\">à partir de cette page</a>. La date limite pour l'envoi du dossier est fixée au 12 janvier 2007. Renseignements complémentaires : Mairie de Paris, Délégation à la Politique de la ville et à l'intégration - 6, rue du département, 75019 Paris. Par courriel : sebastien.arvis@paris.fr .",
            "Le quartier concerné :",
            "\"Le quartier Danube-Solidarité est situé à l'ouest du 19e arrondissement dans le quartier Amérique. A l'instar des territoires relevant de la politique de la ville, le secteur concentre certaines difficultés et souffre d'un certain enclavement. Composé de 5400 habitants, le quartier héberge majoritairement une population issue des classes populaires. Plus des trois quarts des logements relèvent du parc social, constitué d'un patrimoine qui conserve les traces des mutations urbaines successives et se distingue par la grande diversité de ses constructions.",
            "La revitalisation des locaux d'activités en pieds d'immeuble est l'un des enjeux fort qui permettra de modifier le fonctionnement urbain et l'image de ce quartier. La ville de Paris et l'OPAC qui, depuis 2 ans, conjuguent leurs efforts pour favoriser l'installation d'associations souhaitent aujourd'hui diversifier les activités de la rue de la Solidarité en privilégiant la dimension économique pour les nouveaux projets d'implantation Les associations qui ont été installées jusqu'ici, proposent des activités ou services de proximité qui faisaient défaut auparavant (permanences écrivain public, CAF, Equipe Emploi Insertion, activités audiovisuelles, culturelles et sportives…) et contribuent en ce sens fortement au développement local.\"",
        ),
    ),
    _post(
        204,
        "2006-12-06 10:10",
        "Un annuaire en ligne des Espaces Publics Numériques",
        tags=(EPN,),
        category=INC,
        paragraphs=(
            "Où trouver un lieu d'accès public à Internet près de chez soi ? Un annuaire collaboratif recense désormais les Espaces Publics Numériques, avec leurs horaires, leurs services et leurs tarifs.",
            "Chaque structure peut mettre à jour sa fiche. L'outil sera d'autant plus utile que les animateurs s'en empareront : <a href=\"http://www.example.org/annuaire-epn/\">l'annuaire est ici</a>.",
        ),
    ),
    _post(
        197,
        "2006-11-27 08:41",
        "Centre for Social Innovation à Toronto, l'innovation sociale collaborative en action",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "Ovni de l'innovation, lieu qui n'a pas encore d'autre équivalent dans le monde occidental, superbe idée mise en mouvement, le Centre for Social Innovation (Centre pour l'innovation sociale) réunit à Toronto (Canada), dans un même bâtiment, des structures d'innovations qui développent des approches créatives, entrepreneuriales et à des stratégies collaboratives s'intéressant à des thématiques sociales, culturelles, environnementales et économiques.",
            "Sous la forme d'une entreprise sociale, le Centre for Social Innovation aide des porteurs de projets de l'innovation sociale\xa0(acteurs associatifs, entrepreneurs sociaux, artistes, animateurs de réseaux et artistes) qui croient à de nouvelles idées pouvant changer le monde. Cette organisation, unique en son genre, catalyse, informe, inspire et fournit son expertise à des initiatives sociales.",
            "Le Centre for Social Innovation est un centre \"communautaire\" qui accueille des innovateurs sociaux au sens large du terme en leur proposant des espaces de travail, services partagés et une aide à l'incubation de projets en montrant ce qu'est l'innovation sociale (documentation, repérage des meilleures pratiques), en explorant de nouvelles idées, en expérimentant de nouvelles formes de collaboration, en apportant des solutions pratiques, de l'information et de l'aide organisationnelle aux innovateurs.",
            "Le Centre for Social Innovation accueille actuellement plus d'une dizaine d'associations, fondations et entreprises sociales dans ses locaux et\xa06 structures en mode \"virtuel\" (hébergement de sites, bureaux virtuels...). Il comprend une bibliothèque et un répertoire de sites Internet\xa0sur\xa0la thématique du secteur\xa0associatif et caritatif.",
            "Tout au long de l'année, le Centre propose un programme de séminaires et de formations à prix très réduit qui mettent en avant l'expertise des structures accueillies et permettent de formaliser des projets avec des acteurs locaux.",
            "Ce \"hub\" de l'action sociale va s'agrandir dès février 2007 avec la mise à disposition aux innovateurs de 10 000 m2 d'espace pour créer, collaborer, échanger, se réunir et entreprendre. Un projet passionnant en plein développement.",
        ),
    ),
    _post(
        190,
        "2006-11-20 21:18",
        "Chercher de l'emploi dans l'Economie Sociale et Solidaire",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "Le secteur professionnel de l'Economie Sociale et Solidaire attire de plus en plus de candidats. Le succès récent du\xa01er Forum National de l'Emploi dans l'Economie Sociale et Solidaire qui s'est tenu les 14 et 15 octobre 2006 à l'Usine de La Plaine-Saint-Denis (93), avec plus de 3500 visiteurs, illustre la vitalité et le développement de ce champ en plein développement en France. Au Canada, l'Economie Sociale et Solidaire est un secteur mature et l'on trouvera sur le\xa0site Internet du Chantier de l'Economie Sociale de nombreuses ressources, rapports, études, initiatives et projets sur la thématique.",
            "Comment rechercher de l'emploi dans le secteur de l'Economie Sociale et Solidaire (dit ESS) en France\xa0? L'association <a href=\"http://www.example.org/ressources-solidaires/\">Ressources Solidaires</a> vient d'inaugurer une nouvelle version de son site Internet. C'est le lieu phare par excellence où défricher de nombreuses offres d'emploi et stages dans l'ESS (classés par régions et à l'étranger) et l'association dispose d'une banque de plus de 5000 CVs de personnes souhaitant travailler dans\xa0ce secteur. Le site comptabilise 25 000 visites par mois ce qui constitue une audience importante.",
            "D'autres sites affichent des offres d'emploi et stages dans l'ESS. Le\xa0CJDES (Centre des Jeunes Dirigeants et des acteurs de l'Economie Sociale) fait figurer\xa0sur son site une rubrique\xa0offres d'emploi et une candidathèque.\xa0Le portail des finances solidaires Finansol comporte un volet Stages et EmploisCoordination Sud actualise des offres d'emploi et missions d'ONG dans le domaine de l'humanitaire et de la solidarité internationale.\xa0Emploi Environnement est spécialisé dans les recrutements de métiers liés à l'environnement et au développement durable. Groupe SOS (groupe d'économie sociale et solidaire) propose des recrutements et une candidathèque. La bourse d'échanges de\xa0Place-Publique.fr\xa0met à disposition un espace d'offres d'emploi et de stages.\xa0Enfin, consulter la rubrique \"humanitaire, santé, social\" du site Cyber-Emploi-Centre.com peut aussi s'avérer utile.",
        ),
    ),
    _post(
        188,
        "2006-11-19 11:57",
        "Entrepreneur de la connaissance (tendance 014)",
        tags=(ESS, TENDANCE),
        category=ECO,
        paragraphs=(
            "Nouvelle rubrique : tendance. Un mot, une expression, un lieu,\xa0une chose\xa0comme reflet de notre temps, miroir de l'instant ou inscrit dans l'avenir, porteur\xa0de sens dans les circonstances dans lequel on le prononce, dans son champ énonciatif et contextuel. Mot, expression à suivre, objet utile ou inutile, lieu en devenir...",
            'Dans le "Petit précis d\'efficacité collective Tome 01 : Travailler autrement" édité en par Microsoft France en Creative Commons, au 1er semestre 2006 (à commander gracieusement <a href="http://www.example.com/petit-precis/">sur cette page</a>), Richard Collin,\xa0expert français en Knowledge Management et Président\xa0d\'ICCE introduit la notion d\'entrepreneur de la connaissance en titrant une partie de son article "Travailler, produire et créer autrement" : "Chacun devient un entrepreneur de la connaissance" et en contextualisant son approche :',
            "\"Parce que le monde change très vite, chacun peut et doit devenir \"chercheur\". Chacun peut et devenir professeur, parce qu'il ne suffit pas de produire des informations et des connaissances, il faut aussi les formaliser et les communiquer. Enfin, chacun peut et doit devenir un manager dans sa propre sphère, parce que la coopération et le dialogue entre savoir-faire différents deviennent des exercices indispensables, parce que la décision et la navigation dans un environnement complexe et incertain sont désormais le lot de tous. L'autonomie et l'initiative se déclinent ainsi sous le visage de l'entrepreneur de la connaissance\".",
            'L\'expression "entrepreneur de la connaissance" est un vocable tiré du Knowledge Management. Il constitue le leitmotiv d\'un article du Pôle productique de Rhône-Alpes : "Que chacun devienne un entrepreneur de la connaissance" :',
            "\"Les systèmes à base de connaissances, les blogs et wikis, les messageries intelligentes et multimedia, les outils numériques pour la modélisation et la simulation collent à cette nouvelle vision du savoir, à condition, précisément, que nos modes d'organisation et nos mentalités n'y fassent pas obstacle.",
            'Ainsi, l\'organisation la mieux armée est celle dont le plus grand nombre de membres sont des agents d\'innovations, des "entrepreneurs" au sein de leur structure (Suit la définition déjà inscrite plus haut)".',
            "Sur son site Internet, le penseur canadien Michel Cartier consacre un article au knowledge worker (entrepreneur de la connaissance) qu'il considère en 2003 comme une nouvelle catégorie de travailleurs : \"Les travailleurs de l'information\" :",
            "\"La nouvelle économie fait donc émerger une nouvelle catégorie de travailleurs : ceux de l'information. Ceux-ci doivent créer, capitaliser et partager le capital de connaissances entre les employés de l'entreprise et les partenaires de celle-ci. Une étude américaine a révélé que lorsqu'une entreprise perd un employé, ce sont 30 000 $ en valeur information qui disparaît de son capital savoir. Ce sont des gens dont le métier est en train de muter (RH et veille par exemple), d'autres dont les pratiques sont remplacées par de nouvelles (CRM) ou certaines qui n'existaient pas il y a cinq ans (Web et multimédia).\"",
        ),
    ),
    _post(
        185,
        "2006-11-18 16:34",
        "Protection des mineurs sur Internet, B2i, DEEE, Agence Wallonne des Télécoms TV... (brèves citoyennes de clavier)",
        tags=(ESS, TIC, INCLUSION),
        category=INC,
        paragraphs=(
            "L'Agence Wallonne des Télécommunications regroupe ses vidéos en une rubrique\xa0AWT TV sur son site Internet. On y retrouve les spots informatifs de découverte du Web de Juliette Reine du Net (à quoi sert internet, le courrier électronique, trouver des informations sur internet, faire vos achats sur Internet) et les propos de Marie-Dominique Simonet, Ministre des Technologies nouvelles de la Région Wallonne,\xa0sur la lutte contre l'e-exclusion.",
            'La documentaliste Flore Bonhomme, en charge du blog des Espaces Publics Numériques de Haute-Normandie, cherche à développer un article/dossier avec des ressources en ligne sur la protection des mineurs et internet. L\'Association du Multimédia Jeunesse propose sur une page, une sélection de sites internet et ouvrages sur ce même thème : <a href="http://www.example.org/amj/protection-des-mineurs/">Protection des mineurs sur Internet</a>.',
            "Éric Delcroix\xa0teste le B2i et a du mal à comprendre le choix des compétences dans le référentiel : \"Je n'ai pas le niveau B2i école\". Les modalités de mise en oeuvre de\xa0l'Arrêté du 14 juin 2006 relatif aux connaissances et capacités exigibles pour le brevet informatique et internet (B2i), qui remplacent celles qui avaient été définies par la Note de service n2000206 du 16 novembre 2000 (BO n°42 du 23 novembre 2000) ont été publiées par la\xa0Circulaire n°\xa02006-169 du 7 novembre 2006 de l'Éducation Nationale.",
            "TIC Aquitaine publie un\xa0article de synthèse sur le recyclage des DEEE (Déchets d'Équipements électriques et Électroniques) avec 2 cibles : les consommateurs et les collectivités locales. Le Ministère de l'Économie et des Finances propose un\xa0Guide pratique en 40 questions réponses pour être conforme à la réglementation européenne sur les Déchets Electriques et Electroniques.",
            "44 associations marocaines\xa0sont déclarées éligibles en 2006\xa0pour pouvoir bénéficier d'un pack gratuit d'ordinateurs visant à lutter localement contre l'exclusion numérique, un projet multipartenarial baptisé : \"Assoclic, pour une chaîne de solidarité numérique\".",
            "Patrick Vuitton de\xa0l'AVICCA (Association des villes et collectivités pour les communications électroniques et l'audiovisuel) en interview pour le Journal du Net : \"La fibre annonce une nouvelle fracture numérique\".",
        ),
    ),
    # Page 3 of the tag "economie sociale et solidaire" starts here.
    _post(
        181,
        "2006-11-16 21:05",
        "Café social (tendance 011)",
        tags=(ESS, TENDANCE),
        category=ECO,
        paragraphs=(
            "Un lieu convivial où l'on vient boire un café à prix modique, rencontrer d'autres personnes, trouver une écoute ou un conseil : le café social est un lieu de lien avant d'être un débit de boissons.",
            "Portés par des associations, les cafés sociaux accueillent notamment des personnes âgées isolées et proposent un accompagnement dans les démarches administratives.",
            "Le café social fait partie de ces lieux hybrides où l'économie solidaire rencontre l'action sociale de proximité.",
        ),
        comments=(
            _comment(
                "Farid",
                None,
                "2006-11-17 12:40",
                "Il y en a un près de chez moi, c'est un endroit très chaleureux. Merci d'en parler.",
            ),
        ),
    ),
    _post(
        178,
        "2006-11-14 18:20",
        "Réseaux d'échanges réciproques de savoirs : apprendre et transmettre",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "Dans un réseau d'échanges réciproques de savoirs, chacun est à la fois apprenant et enseignant : on offre ce que l'on sait faire et on demande ce que l'on veut apprendre, sans échange d'argent.",
            "Cuisine, langues, informatique, bricolage : les savoirs échangés sont très divers. Ces réseaux recréent du lien dans les quartiers et valorisent des compétences souvent peu reconnues.",
        ),
    ),
    _post(
        174,
        "2006-11-10 09:45",
        "Tourisme solidaire : voyager autrement grâce au Web",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "Séjourner chez l'habitant, financer un projet de développement local, rencontrer les populations plutôt que consommer des paysages : le tourisme solidaire se développe.",
            "Internet joue un rôle important pour ces petites associations, qui peuvent présenter leurs séjours, publier des témoignages de voyageurs et rendre compte de l'usage des fonds collectés.",
        ),
    ),
    _post(
        170,
        "2006-11-07 20:30",
        "Jardins partagés et jardins d'insertion",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "Les jardins partagés fleurissent en ville : des habitants cultivent ensemble une parcelle, souvent sur un terrain prêté par la collectivité.",
            "Les jardins d'insertion, eux, permettent à des personnes en difficulté de retrouver le chemin de l'emploi par le maraîchage. Certains vendent leurs légumes sous forme de paniers hebdomadaires à des adhérents, qui soutiennent ainsi directement le projet social.",
        ),
    ),
    _post(
        163,
        "2006-10-31 13:15",
        "Semaine de la solidarité internationale : s'informer en ligne",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "La Semaine de la solidarité internationale se tient à la mi-novembre. Partout en France, associations, collectivités et établissements scolaires organisent des animations sur le développement, le commerce équitable ou l'accès à l'eau.",
            'Le <a href="http://www.example.org/solidarite-internationale/agenda">calendrier des manifestations</a> est consultable en ligne, ainsi que des dossiers pédagogiques à télécharger.',
        ),
    ),
    _post(
        158,
        "2006-10-24 17:50",
        "Éducation populaire et numérique : les maisons de quartier s'équipent",
        tags=(ESS,),
        category=INC,
        paragraphs=(
            "Les maisons de quartier et les centres sociaux sont de plus en plus nombreux à proposer un espace multimédia. L'informatique y est abordée comme un support d'activités collectives plutôt que comme une fin en soi.",
            "Journal de quartier en ligne, ateliers photo numérique, recherche d'emploi accompagnée : l'éducation populaire trouve dans le numérique un nouveau terrain d'expression.",
        ),
    ),
    _post(
        154,
        "2006-10-17 11:25",
        "Entreprises d'insertion et recyclage informatique",
        tags=(ESS, TIC),
        category=ECO,
        paragraphs=(
            "Le recyclage du matériel informatique est un secteur où les entreprises d'insertion ont pris une place importante. Démantèlement, tri des composants, reconditionnement : les métiers sont variés.",
            "La future réglementation sur les Déchets d'Equipements Electriques et Electroniques devrait renforcer ces filières. Encore faut-il que les structures de l'économie solidaire soient associées aux appels d'offres.",
        ),
    ),
    _post(
        150,
        "2006-10-10 19:35",
        "Cyber-bases, Points Cyb, ECM : s'y retrouver parmi les labels des EPN",
        tags=(EPN,),
        category=INC,
        paragraphs=(
            "Cyber-bases, Points Cyb, Espaces Culture Multimédia : les Espaces Publics Numériques portent des labels différents selon leurs financeurs et leurs missions.",
            "Pour l'usager, la distinction importe peu : il cherche un lieu ouvert, un ordinateur disponible et une personne pour l'aider. Une charte commune permettrait de mieux faire connaître ces lieux.",
        ),
    ),
    _post(
        147,
        "2006-10-03 08:55",
        "Les Scic, sociétés coopératives d'intérêt collectif : coopérer autrement",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "La société coopérative d'intérêt collectif associe autour d'un même projet des salariés, des usagers, des bénévoles et des collectivités locales.",
            "Ce statut convient particulièrement aux activités de service de proximité : services à la personne, énergies renouvelables, culture, circuits courts alimentaires.",
        ),
    ),
    _post(
        139,
        "2006-09-26 12:40",
        "Monnaies complémentaires et solidaires : des expérimentations locales",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "Plusieurs régions préparent l'expérimentation de monnaies complémentaires, destinées à encourager la consommation responsable et les échanges de proximité.",
            "Ces monnaies ne remplacent pas l'euro : elles circulent au sein d'un réseau d'entreprises, d'associations et de particuliers qui partagent des valeurs communes. Une façon de remettre l'échange au service du lien social.",
        ),
    ),
    _post(
        133,
        "2006-09-12 21:40",
        "Rentrée : les associations face au défi du bénévolat en ligne",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "Le bénévolat évolue : moins d'engagements au long cours, plus de missions ponctuelles. Des sites de mise en relation permettent désormais de trouver une mission près de chez soi en quelques clics.",
            "Pour les associations, c'est une occasion de toucher de nouveaux publics, à condition de bien décrire les missions proposées et d'accueillir correctement les nouveaux venus.",
        ),
    ),
    # Page 4 of the tag "economie sociale et solidaire" starts here.
    _post(
        121,
        "2006-08-22 10:30",
        "Été solidaire : chantiers de jeunes bénévoles et tourisme responsable",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "Restaurer un lavoir, entretenir un sentier, animer un centre de loisirs : chaque été, des milliers de jeunes participent à des chantiers de bénévoles en France et à l'étranger.",
            "Ces chantiers, organisés par des associations d'éducation populaire, mêlent travail utile, vie collective et découverte d'une région. Il reste des places pour la fin du mois d'août.",
        ),
    ),
    _post(
        112,
        "2006-07-18 16:05",
        "Finances solidaires : placer son épargne autrement",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "Savez-vous ce que finance votre épargne ? Les placements solidaires permettent de choisir : une partie des sommes placées soutient des entreprises qui créent des emplois pour des personnes en difficulté ou des projets de logement social.",
            "Le rendement est parfois un peu moindre, mais le sens est au rendez-vous. Plusieurs banques coopératives proposent des livrets d'épargne de partage.",
        ),
    ),
    _post(
        106,
        "2006-07-04 14:50",
        "Espaces Publics Numériques : des lieux de médiation avant tout",
        tags=(EPN, INCLUSION),
        category=INC,
        paragraphs=(
            "Un Espace Public Numérique n'est pas un cybercafé : on y vient pour apprendre, être accompagné, réaliser un projet. La présence d'un animateur fait toute la différence.",
            "Ces lieux jouent un rôle essentiel auprès des publics les plus éloignés du numérique : personnes âgées, demandeurs d'emploi, familles sans ordinateur à domicile.",
        ),
    ),
    _post(
        98,
        "2006-06-13 18:45",
        "Insertion par l'activité économique : les régies de quartier",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "Les régies de quartier associent habitants, bailleurs sociaux et collectivités pour entretenir et améliorer le cadre de vie d'un quartier : nettoyage, petits travaux, espaces verts.",
            "Les emplois créés sont d'abord proposés aux habitants du quartier. Au-delà de l'activité économique, les régies favorisent la participation des habitants à la vie locale.",
        ),
    ),
    _post(
        87,
        "2006-05-23 20:10",
        "Logiciels libres dans les associations : pourquoi franchir le pas ?",
        tags=(ESS, TIC),
        category=INI,
        paragraphs=(
            "Les logiciels libres partagent avec l'économie sociale des valeurs fortes : coopération, partage des connaissances, primauté de l'usage sur le profit.",
            "Pour une association, ils permettent de réduire les coûts de licence, d'équiper des postes anciens et de garder la maîtrise de ses données. La migration demande toutefois un peu de formation.",
        ),
    ),
    _post(
        79,
        "2006-05-03 12:20",
        "Quinzaine du commerce équitable : les rendez-vous de mai",
        tags=(ESS,),
        category=INI,
        paragraphs=(
            "Comme chaque année au printemps, la Quinzaine du commerce équitable invite le public à découvrir des produits qui garantissent une juste rémunération aux producteurs.",
            "Dégustations, expositions et débats sont organisés dans les boutiques associatives, les médiathèques et les établissements scolaires.",
        ),
    ),
    _post(
        64,
        "2006-04-11 09:40",
        "Le micro-crédit personnel : un levier pour l'insertion",
        tags=(ESS,),
        category=ECO,
        paragraphs=(
            "Financer un permis de conduire, une voiture d'occasion pour se rendre au travail, une formation : le micro-crédit personnel s'adresse à des personnes exclues du crédit bancaire classique.",
            "Les prêts, de quelques centaines à quelques milliers d'euros, sont accompagnés par des associations qui aident l'emprunteur à construire son projet et à rembourser dans de bonnes conditions.",
        ),
    ),
    _post(
        31,
        "2006-03-29 22:15",
        "Associations et Internet : la fracture numérique passe aussi par le monde associatif",
        tags=(ESS, INCLUSION),
        category=INI,
        paragraphs=(
            "Une grande partie des petites associations n'ont ni site Internet ni adresse de courriel dédiée. Le manque de temps, de compétences et de matériel est souvent en cause.",
            "Des dispositifs d'accompagnement existent, portés par des centres de ressources et des Espaces Publics Numériques. Ils gagneraient à être mieux connus des responsables associatifs.",
        ),
    ),
    _post(
        12,
        "2006-03-14 19:30",
        "Premier billet : pourquoi ce blog",
        tags=(ESS,),
        category=None,
        paragraphs=(
            "Bienvenue sur ce blog. Il sera consacré à l'économie sociale et solidaire, à l'inclusion numérique et aux initiatives qui relient ces deux mondes.",
            "Coopératives, associations, Espaces Publics Numériques, logiciels libres, micro-crédit : autant de sujets qui seront abordés ici, au fil de la veille et des rencontres.",
        ),
    ),
)
