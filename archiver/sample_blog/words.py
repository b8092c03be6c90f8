"""Interface strings per theme: Dotclear's French locale of each era.

"default" follows Dotclear 2.1-2.3's locales/fr, "berlin" the 2.7+ ones (plugins say "Mot-clé"),
"ductile" a variant wording some French locales used ("entrées précédentes", "Fil des entrées"),
so that a crawler cannot rely on any wording.
"""

from __future__ import annotations

_COMMON = {
    "To content": "Aller au contenu",
    "To menu": "Aller au menu",
    "To search": "Aller à la recherche",
    "By": "Par",
    "by": "par",
    "on": "le",
    "On": "Le",
    "From": "De",
    "page": "page",
    "of": "de",
    "Home": "Accueil",
    "Archives": "Archives",
    "Search": "Recherche",
    "Categories": "Catégories",
    "Subscribe": "S'abonner",
    "Comments": "Commentaires",
    "Comments feed": "Fil des commentaires",
    "Add a comment": "Ajouter un commentaire",
    "Permalink": "Lien permanent",
    "Read": "Lire",
    "Document not found": "Document non trouvé",
    "Powered by %s": "Propulsé par %s",
    "Name or nickname": "Nom ou pseudo",
    "Email address": "Adresse email",
    "Website": "Site web",
    "optional": "facultatif",
    "Comment": "Commentaire",
    "preview": "prévisualiser",
    "send": "envoyer",
    "Remember me on this blog": "Se souvenir de moi sur ce blog",
    "This post's comments feed": "Fil des commentaires de ce billet",
    "This post's comments Atom feed": "Fil Atom des commentaires de ce billet",
    "This category's entries Atom feed": "Fil Atom des billets de cette catégorie",
    "This category's comments Atom feed": "Fil Atom des commentaires de cette catégorie",
    "comment help": (
        "Le code HTML est affiché comme du texte et les adresses web sont "
        "automatiquement transformées."
    ),
    "no comments": "aucun commentaire",
    "one comment": "un commentaire",
    "%d comments": "%d commentaires",
}

DEFAULT = {
    **_COMMON,
    "Tag": "Tag",
    "Tags": "Tags",
    "All tags": "Tous les tags",
    "previous entries": "billets précédents",
    "next entries": "billets suivants",
    "Entries feed": "Fil des billets",
    "This tag's entries Atom feed": "Fil Atom des billets de ce tag",
    "This tag's comments Atom feed": "Fil Atom des commentaires de ce tag",
    "This blog's entries %s feed": "Fil %s des billets de ce blog",
    "This blog's comments %s feed": "Fil %s des commentaires de ce blog",
    "The document you are looking for does not exist.": (
        "Le document que vous cherchez n'existe pas."
    ),
}

BERLIN = {
    **_COMMON,
    "Tag": "Mot-clé",
    "Tags": "Mots-clés",
    "All tags": "Tous les mots-clés",
    "previous entries": "billets précédents",
    "next entries": "billets suivants",
    "Entries feed": "Fil des billets",
    "This tag's entries Atom feed": "Flux Atom des billets associés à ce mot-clé",
    "This tag's comments Atom feed": "Flux Atom des commentaires associés à ce mot-clé",
    "This blog's entries %s feed": "Flux %s des billets de ce blog",
    "This blog's comments %s feed": "Flux %s des commentaires de ce blog",
    "Blog menu": "Menu",
    "Extra menu": "Menu extra",
    "Page top": "Haut de page",
    "Pagination": "Pagination",
    "Active page": "Page active",
    "Required field": "Champs obligatoire",
    "Preview": "Prévisualiser",
    "Send": "Envoyer",
    "no reactions": "pas de réactions",
    "one reaction": "une réaction",
    "%s reactions": "%s réactions",
    "URL you've tried has typos, or the page has been deleted or moved.": (
        "L'URL que vous avez essayé a des fautes de frappe, ou la page a été supprimée ou déplacée."
    ),
    "Suggestions:": "Suggestions :",
    "Go to homepage": "Aller à la page d'accueil",
    "Use search form": "Utiliser le formulaire de recherche",
    "Explore archives": "Explorer les archives",
    "By date": "Par date",
    "By category": "Par catégorie",
    "By tag": "Par mot-clé",
    "FromDay": "Du",
    "toDay": "au",
}

DUCTILE = {
    **BERLIN,
    "previous entries": "entrées précédentes",
    "next entries": "entrées suivantes",
    "Entries feed": "Fil des entrées",
    "This blog's entries %s feed": "Fil %s des entrées de ce blog",
    "This tag's entries Atom feed": "Fil Atom des entrées associées à ce mot-clé",
    "To top": "Haut de page",
}

WORDS = {"default": DEFAULT, "berlin": BERLIN, "ductile": DUCTILE}


def comment_count(words: dict[str, str], count: int) -> str:
    """EntryCommentCount: "aucun commentaire", "un commentaire", "3 commentaires"."""
    if count == 0:
        return words["no comments"]
    if count == 1:
        return words["one comment"]
    return words["%d comments"].replace("%d", str(count))


def reactions(words: dict[str, str], count: int) -> str:
    """EntryCommentCount count_all="1" none="no reactions" one=... more="%s reactions"."""
    if count == 0:
        return words["no reactions"]
    if count == 1:
        return words["one reaction"]
    return words["%s reactions"].replace("%s", str(count))
