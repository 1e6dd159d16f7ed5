"""What the folder of a message says about it: sent by the owner, a draft, junk.

Pure Python, no Django. A mailbox comes in folders whatever its layout: a Maildir++
(".Sent/cur/...", ".INBOX.Archive/new/..." beside the INBOX's own cur/ and new/), a Maildir
in folders ("Sent/cur/...", "[Gmail]/Sent Mail/cur/..."), an mbox per folder ("Sent",
Apple Mail's "Sent Messages.mbox/mbox", Thunderbird's subfolders "Sent.sbd/Work"). Folder
names are the usual ones of mail clients and servers in English, French and a few other
languages, IMAP's modified UTF-7 decoded ("Envoy&AOk-s" is "Envoyés"). Maildir message
names carry flags: "D" marks a draft wherever it lies.
"""

from __future__ import annotations

import base64
import binascii
import re

from entregent.io.detect import MAILBOX_SUFFIXES, in_maildir

SENT, DRAFTS, JUNK = "sent", "drafts", "junk"
# Folder names, case-folded: the usual ones of mail clients and servers, in English, French
# and a few other languages.
_ROLES = {
    SENT: (
        "sent",
        "sent items",
        "sent messages",
        "sent mail",
        "sent-mail",
        "envoyés",
        "messages envoyés",
        "éléments envoyés",
        "courrier envoyé",
        "gesendet",
        "gesendete objekte",
        "gesendete elemente",
        "enviados",
        "elementos enviados",
        "itens enviados",
        "posta inviata",
        "inviati",
        "verzonden",
        "verzonden items",
    ),
    DRAFTS: ("drafts", "draft", "brouillons", "entwürfe", "borradores", "rascunhos", "bozze"),
    JUNK: (
        "junk",
        "junk e-mail",
        "junk email",
        "junk mail",
        "spam",
        "bulk mail",
        "indésirables",
        "courrier indésirable",
        "pourriel",
        "pourriels",
        "correo no deseado",
        "posta indesiderata",
    ),
}
_ROLE_OF = {name: role for role, names in _ROLES.items() for name in names}
_FOLDER_SUFFIXES = (*MAILBOX_SUFFIXES, ".sbd")  # Thunderbird keeps subfolders in "X.sbd"
_MAILDIR_FLAGS = re.compile(r"[:;!]2,([A-Za-z]*)$")  # "1741600000.M1P1.host:2,DS"
_MODIFIED_UTF7 = re.compile(r"&([A-Za-z0-9+,]*)-")


def unread_code(name: str, role: str) -> str:
    """The skip code of the messages of a drafts or junk folder (or of a draft), else ""."""
    if role == DRAFTS:
        return "draft"
    if role == JUNK:
        return "junk"
    if in_maildir(name):
        flags = _MAILDIR_FLAGS.search(name.rsplit("/", 1)[-1])
        if flags is not None and "D" in flags.group(1):
            return "draft"
    return ""


def folder_role(name: str) -> str:
    """SENT, DRAFTS, JUNK or "": what the folders holding a message or an mbox say.

    The nearest folder with a known name wins: ".INBOX.Sent.Projects/cur/1" is sent mail.
    """
    parts = name.split("/")
    folders = parts[:-1] if parts[-1].lower().endswith(".eml") else parts  # a message, not a folder
    if in_maildir(name):  # Maildir++ names a folder ".INBOX.Sent"; a Maildir in folders, "Sent"
        folders = parts[:-3] + parts[-3].lstrip(".").split(".")
    for folder in reversed(folders):
        stem = folder
        for suffix in _FOLDER_SUFFIXES:
            if stem.lower().endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        role = _ROLE_OF.get(_imap_utf7(stem).strip().casefold())
        if role is not None:
            return role
    return ""


def _imap_utf7(name: str) -> str:
    """IMAP's modified UTF-7 folder names decoded ("Envoy&AOk-s" is "Envoyés")."""
    if "&" not in name:
        return name

    def decoded(match: re.Match[str]) -> str:
        chunk = match.group(1).replace(",", "/")
        if not chunk:
            return "&"
        try:
            return base64.b64decode(chunk + "=" * (-len(chunk) % 4)).decode("utf-16-be")
        except (binascii.Error, UnicodeDecodeError):
            return match.group(0)

    return _MODIFIED_UTF7.sub(decoded, name)
