#!/usr/bin/env python3
"""Sanity-check the notice corpus (tests/corpus/notices).

For every notice file it checks that:
  * NNN-name.expected.json exists, parses, and has the agreed shape
    ({"notices": [ {...}, ... ]}, only known keys, valid enum values);
  * .eml files parse with the email package, .mbox files hold as many
    messages as the expected list, and each Message-ID matches;
  * deadline_date = Date header's own calendar date + deadline_days;
  * every expected ASIN, complaint ID, title, rights-owner e-mail, IP number,
    reply_to address and marketplace occurs in the decoded text, and every
    bare ASIN in the text is in the expected list, in first-appearance order.
The text checks are approximate (a crude HTML stripper, NFKC, whitespace
collapsed); they exist to catch typos in the expected files, not to define
how poa must parse.

Usage: python3 tests/corpus/tools/check_corpus.py [NOTICES_DIR]
Exit status 0 when everything passes, 1 otherwise.  Standard library only.
"""

import datetime
import email
import email.policy
import html
import json
import mailbox
import os
import re
import sys
import unicodedata
from email.utils import parsedate_to_datetime

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "notices"))

FAMILIES = {"trademark", "copyright", "patent", "design_patent", "counterfeit", "inauthentic",
            "apex", "review_manipulation", "restricted_product", "listing_policy",
            "account_deactivation", "related_account", "performance", "invoice_verification",
            "retraction", "appeal_rejected", "unknown"}
SEVERITIES = {"info", "warning", "listing_removed", "account_at_risk", "account_deactivated"}
KINDS = {"utility_patent", "design_patent", "trademark", "copyright"}
REPLY_TO = {"notice-dispute@amazon.com", "patent-evaluation@amazon.com", "pq-review@amazon.com",
            "pq-review-lvr@amazon.co.uk", "seller-performance-policy@amazon.com"}
KEYS = {"family", "is_amazon", "severity", "marketplace", "asins", "titles", "complaint_ids",
        "infringement_type", "rights_owner", "ip_refs", "deadline_days", "deadline_date",
        "reply_to", "message_id"}
NAME_RE = re.compile(r"^(\d{3})-[a-z0-9-]+\.(eml|mbox|html|txt)$")
ASIN_RE = re.compile(r"(?<![A-Za-z0-9])B0[A-Z0-9]{8}(?![A-Za-z0-9])")

errors = []


def err(name, msg):
    errors.append("%s: %s" % (name, msg))


def strip_html(s):
    s = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", s)
    s = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|td|h\d|li|table)>", "\n", s)
    s = re.sub(r"<[^>]+>", " ", s)
    return html.unescape(s)


def message_text(msg):
    texts = []
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        t = part.get_content()
        if part.get_content_subtype() == "html":
            t = strip_html(t)
        texts.append(t)
    # for multipart/alternative, the plain part is enough for the checks
    if msg.get_content_type() == "multipart/alternative" and texts:
        return texts[0]
    return "\n".join(texts)


def norm(s):
    s = unicodedata.normalize("NFKC", s).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s)


def check_notice(name, text, exp, msg=None, ext=None):
    if not isinstance(exp, dict):
        err(name, "notice is not an object")
        return
    for k in exp:
        if k not in KEYS:
            err(name, "unknown key %r" % k)
    if "family" in exp and exp["family"] not in FAMILIES:
        err(name, "bad family %r" % exp["family"])
    if "severity" in exp and exp["severity"] not in SEVERITIES:
        err(name, "bad severity %r" % exp["severity"])
    if "is_amazon" in exp and not isinstance(exp["is_amazon"], bool):
        err(name, "is_amazon not boolean")
    if exp.get("reply_to") is not None and exp["reply_to"] not in REPLY_TO:
        err(name, "reply_to %r not an allowed address" % exp["reply_to"])
    for k in ("ip_refs",):
        for r in exp.get(k, []):
            if set(r) != {"kind", "number"} or r["kind"] not in KINDS:
                err(name, "bad ip_ref %r" % r)
    t = norm(text)
    tl = t.lower()
    # compact form: whitespace removed, for hard-wrapped values
    tc = re.sub(r"\s+", "", t)
    found = []
    for m in ASIN_RE.finditer(t):
        if m.group(0) not in found:
            found.append(m.group(0))
    if "asins" in exp:
        bare = [a for a in exp["asins"] if ASIN_RE.fullmatch(a)]
        if bare != found:
            err(name, "asins: expected bare %r, text has %r" % (bare, found))
        for a in exp["asins"]:
            if a not in t and a not in tc:
                err(name, "asin %r not in text" % a)
    for a, title in exp.get("titles", {}).items():
        if a not in exp.get("asins", []):
            err(name, "title for ASIN %r not in asins" % a)
        if norm(title) not in t and re.sub(r"\s+", "", norm(title)) not in tc:
            err(name, "title %r not in text" % title)
    for c in exp.get("complaint_ids", []):
        if c not in t:
            err(name, "complaint id %r not in text" % c)
    ro = exp.get("rights_owner")
    if ro:
        if set(ro) != {"name", "email"}:
            err(name, "rights_owner must have name and email")
        if ro.get("email") and ro["email"] not in t:
            err(name, "rights owner email not in text")
        if not re.search(r"@example\.(com|net)$", ro.get("email", "")):
            err(name, "rights owner email not on example.com/net")
        if ro.get("name") and ro["name"] not in t:
            err(name, "rights owner name %r not in text" % ro["name"])
    for r in exp.get("ip_refs", []):
        if r.get("number") and r["number"] not in t:
            err(name, "ip number %r not in text" % r["number"])
    if exp.get("infringement_type"):
        if not re.search(r"(?i)(infringement type|complaint type)\s*:\s*" +
                         re.escape(exp["infringement_type"]), t):
            err(name, "infringement_type %r not after its label" % exp["infringement_type"])
    if exp.get("reply_to") and exp["reply_to"] not in tl:
        err(name, "reply_to not in text")
    if exp.get("marketplace"):
        mp = exp["marketplace"]
        if mp not in tl and not (mp == "amazon.com" and "amazon.com卖家账户" in tl):
            err(name, "marketplace %r not in text" % mp)
    dd = exp.get("deadline_days")
    if dd is not None and not isinstance(dd, int):
        err(name, "deadline_days not int")
    if msg is not None:
        mid = (msg.get("Message-ID") or "").strip().strip("<>")
        if exp.get("message_id") != mid:
            err(name, "message_id %r != header %r" % (exp.get("message_id"), mid))
        date = msg.get("Date")
        if dd and date:
            d = parsedate_to_datetime(date)
            want = (d.date() + datetime.timedelta(days=dd)).isoformat()
            if exp.get("deadline_date") != want:
                err(name, "deadline_date %r, want %r" % (exp.get("deadline_date"), want))
            wd = date.split(",")[0].strip()
            if wd != d.strftime("%a"):
                err(name, "Date weekday %s wrong (%s)" % (wd, d.strftime("%a")))
        elif "deadline_date" in exp:
            err(name, "deadline_date without deadline_days")
    else:
        if "deadline_date" in exp or "message_id" in exp:
            err(name, "deadline_date/message_id only for eml/mbox")


def main():
    files = sorted(os.listdir(DIR))
    notices = [f for f in files if NAME_RE.match(f)]
    numbers = {}
    for f in files:
        if f == "README.md" or f.endswith(".expected.json"):
            continue
        if not NAME_RE.match(f):
            err(f, "name does not match NNN-short-name.EXT")
    for f in notices:
        num = NAME_RE.match(f).group(1)
        if num in numbers:
            err(f, "number %s also used by %s" % (num, numbers[num]))
        numbers[num] = f
        base, ext = f.rsplit(".", 1)
        ep = os.path.join(DIR, base + ".expected.json")
        if not os.path.exists(ep):
            err(f, "no expected.json")
            continue
        try:
            with open(ep, encoding="utf-8") as fh:
                exp = json.load(fh)
        except ValueError as e:
            err(f, "expected.json does not parse: %s" % e)
            continue
        if not isinstance(exp, dict) or set(exp) != {"notices"} or not isinstance(exp["notices"], list):
            err(f, "expected.json must be {\"notices\": [...]}")
            continue
        path = os.path.join(DIR, f)
        raw = open(path, "rb").read()
        if ext == "eml":
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            for h in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"):
                if msg.get(h) is None:
                    err(f, "missing header %s" % h)
            if msg.defects:
                err(f, "parse defects %r" % msg.defects)
            if len(exp["notices"]) != 1:
                err(f, "an eml gives exactly one notice")
            try:
                text = message_text(msg)
            except Exception as e:  # noqa: BLE001
                err(f, "cannot decode body: %s" % e)
                continue
            for e in exp["notices"]:
                check_notice(f, text, e, msg)
        elif ext == "mbox":
            box = mailbox.mbox(path, factory=None, create=False)
            msgs = [email.message_from_bytes(box.get_bytes(k), policy=email.policy.default)
                    for k in box.keys()]
            box.close()
            if len(msgs) != len(exp["notices"]):
                err(f, "%d messages, %d expected notices" % (len(msgs), len(exp["notices"])))
            for i, (m, e) in enumerate(zip(msgs, exp["notices"])):
                text = re.sub(r"(?m)^>(>*From )", r"\1", message_text(m))
                check_notice("%s[%d]" % (f, i), text, e, m)
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("windows-1252")
            if ext == "html":
                text = strip_html(text)
            if len(exp["notices"]) != 1:
                err(f, "a pasted file gives exactly one notice")
            for e in exp["notices"]:
                check_notice(f, text, e, None, ext)
    print("%d notice files checked" % len(notices))
    for e in errors:
        print("ERROR " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
