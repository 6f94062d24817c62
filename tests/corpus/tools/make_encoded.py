#!/usr/bin/env python3
"""Generate the MIME-encoded and non-UTF-8 notices of poa's test corpus.

The plain notices in tests/corpus/notices/ (7bit .eml, .html, most .txt) are
written by hand.  The files below need exact bytes that are awkward to type:
quoted-printable and base64 bodies, RFC 2047 subjects, GBK / GB18030 /
Shift_JIS / windows-1252 bodies, multipart messages and mbox files.  This
script writes them, together with their NNN-name.expected.json, so that the
two never drift apart.

Every notice text here was written for the project; names, ASINs, complaint
IDs, patent and registration numbers are fictional, and all non-Amazon
addresses use example.com / example.net.

Usage:  python3 tests/corpus/tools/make_encoded.py [OUTDIR]
(default OUTDIR: ../notices relative to this script).  Standard library only.
The output is deterministic: running it twice gives identical files.
"""

import base64
import codecs
import datetime
import json
import os
import quopri
import re
import sys
from email.utils import parsedate_to_datetime

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                      else os.path.join(HERE, "..", "notices"))


# --------------------------------------------------------------------------
# MIME helpers (built by hand so that every byte is under our control; the
# result is checked with the email package at the end)

def encoded_words(text, charset, mode="B"):
    """RFC 2047 encoded words for text, each at most 75 characters, split on
    character boundaries, joined with folding whitespace."""
    words = []
    cur = ""
    prefix = "=?%s?%s?" % (charset, mode)

    def enc(s):
        raw = codecs.encode(s, charset)
        if mode == "B":
            return base64.b64encode(raw).decode("ascii")
        out = []
        for b in raw:
            c = chr(b)
            if c == " ":
                out.append("_")
            elif c.isalnum() and b < 128:
                out.append(c)
            else:
                out.append("=%02X" % b)
        return "".join(out)

    for ch in text:
        if len(prefix) + len(enc(cur + ch)) + 2 > 75:
            words.append(prefix + enc(cur) + "?=")
            cur = ch
        else:
            cur += ch
    if cur:
        words.append(prefix + enc(cur) + "?=")
    return "\n ".join(words)


def header_lines(headers):
    return "".join("%s: %s\n" % (k, v) for k, v in headers)


def encode_body(text, charset, cte):
    raw = codecs.encode(text, charset)
    if cte == "quoted-printable":
        return quopri.encodestring(raw)
    if cte == "base64":
        return base64.encodebytes(raw)
    if cte in ("7bit", "8bit"):
        if cte == "7bit":
            raw.decode("ascii")  # raises if not 7bit clean
        return raw if raw.endswith(b"\n") else raw + b"\n"
    raise ValueError(cte)


def single_part(headers, text, subtype="plain", charset="utf-8", cte="7bit"):
    h = list(headers) + [
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/%s; charset=%s" % (subtype, charset)),
        ("Content-Transfer-Encoding", cte),
    ]
    return header_lines(h).encode("ascii") + b"\n" + encode_body(text, charset, cte)


def multipart_alternative(headers, boundary, parts):
    """parts: list of (subtype, text, charset, cte)."""
    h = list(headers) + [
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/alternative; boundary="%s"' % boundary),
    ]
    out = header_lines(h).encode("ascii") + b"\n"
    out += b"This is a multi-part message in MIME format.\n\n"
    for subtype, text, charset, cte in parts:
        out += ("--%s\n" % boundary).encode("ascii")
        out += ("Content-Type: text/%s; charset=%s\n" % (subtype, charset)).encode("ascii")
        out += ("Content-Transfer-Encoding: %s\n\n" % cte).encode("ascii")
        out += encode_body(text, charset, cte) + b"\n"
    out += ("--%s--\n" % boundary).encode("ascii")
    return out


def std_headers(frm, to, subject, date, msgid, extra=()):
    return [("Return-Path", "<%s>" % re.search(r"<([^>]+)>", frm).group(1)),
            ("From", frm), ("To", to), ("Subject", subject), ("Date", date),
            ("Message-ID", "<%s>" % msgid)] + list(extra)


def finish_expected(exp, date, msgid):
    """Add message_id and deadline_date (header date in its own zone +
    deadline_days) to an expected-notice dict."""
    e = dict(exp)
    if e.get("deadline_days"):
        d = parsedate_to_datetime(date).date() + datetime.timedelta(days=e["deadline_days"])
        e["deadline_date"] = d.isoformat()
    e["message_id"] = msgid
    return e


KEY_ORDER = ["family", "is_amazon", "severity", "marketplace", "asins", "titles",
             "complaint_ids", "infringement_type", "rights_owner", "ip_refs",
             "deadline_days", "deadline_date", "reply_to", "message_id"]


def format_expected(notices):
    """The corpus's one layout for expected.json: one key per line, values
    compact, keys in a fixed order."""
    out = ['{"notices": [']
    for i, n in enumerate(notices):
        keys = [k for k in KEY_ORDER if k in n] + sorted(k for k in n if k not in KEY_ORDER)
        lines = ["    %s: %s" % (json.dumps(k), json.dumps(n[k], ensure_ascii=False))
                 for k in keys]
        out.append("  {\n" + ",\n".join(lines) + "\n  }" + ("," if i < len(notices) - 1 else ""))
    out.append("]}")
    return "\n".join(out) + "\n"


def write_expected(path, notices):
    with open(path, "w", encoding="utf-8") as f:
        f.write(format_expected(notices))


def write(name, data, notices):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    base = name.rsplit(".", 1)[0]
    write_expected(os.path.join(OUT, base + ".expected.json"), notices)


def mbox(messages):
    """messages: list of (envelope_sender, asctime, bytes).  mboxrd quoting:
    every body line matching ^>*From  gets one more '>'."""
    out = b""
    for sender, when, data in messages:
        out += ("From %s %s\n" % (sender, when)).encode("ascii")
        head, _, body = data.partition(b"\n\n")
        body = re.sub(rb"(?m)^(>*From )", rb">\1", body)
        out += head + b"\n\n" + body
        if not out.endswith(b"\n"):
            out += b"\n"
        out += b"\n"
    return out


AMZ = "Amazon <seller-notification@amazon.com>"
SP = "Amazon Seller Performance <seller-performance@amazon.com>"


# --------------------------------------------------------------------------
# 021  quoted-printable, UTF-8, curly quotes, Q-encoded subject

def n021():
    date = "Wed, 4 Feb 2026 17:36:02 -0800"
    mid = "0101019c2a91f3d7-3e5a7c9e-4f6b-4a8c-9d0e-2f4a6c8e0a13-000000@us-west-2.amazonses.com"
    text = """Hello Summitline Gear,

We removed some of your listings because we received a report from a rights owner that they may infringe the rights owner’s trademark.

Why did this happen?
The rights owner told us that your listing uses the brand name “Tessel” on the product and its packaging without permission. We’re here to help: to learn more about our Intellectual Property Policy, visit https://sellercentral.amazon.com/gp/help/external/201361070 .

How do I reactivate my listing?
If the trademark appears on the product or its packaging, send us an invoice or Order ID that shows you bought genuine products. If the trademark appears only on the detail page, edit the detail page and then submit an appeal, or send us a letter of authorization or a licensing agreement from the rights owner.

Have your listings been removed in error?
If you think the rights owner made an error, contact them and ask for a retraction of the notice. The rights owner must send the retraction to us at notice-retraction@amazon.com or use the retraction function in Brand Registry. We can only accept retractions if the rights owner clearly states that they made an error. We do not accept forwarded or attached retractions.

These are the rights owner’s contact details:
Tessel Outdoor Inc.
tessel.legal@example.com

If you do not provide the information within 90 days, you will receive a request to remove the inventory.

ASIN: B0CT5SL8QG
Title: Tessel Ultralight 2-Person Backpacking Tent, 3 Season – Olive
Infringement type: Trademark
Complaint ID: 2207841936

Seller Performance Team
"""
    subject = encoded_words("We’ve removed your listing: trademark complaint", "UTF-8", "Q")
    h = std_headers(AMZ, "Summitline Gear <summitline.gear@example.net>", subject, date, mid)
    data = single_part(h, text, "plain", "UTF-8", "quoted-printable")
    exp = {
        "family": "trademark", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.com", "asins": ["B0CT5SL8QG"],
        "titles": {"B0CT5SL8QG": "Tessel Ultralight 2-Person Backpacking Tent, 3 Season – Olive"},
        "complaint_ids": ["2207841936"], "infringement_type": "Trademark",
        "rights_owner": {"name": "Tessel Outdoor Inc.", "email": "tessel.legal@example.com"},
        "deadline_days": 90, "reply_to": None,
    }
    write("021-trademark-qp-curly.eml", data, [finish_expected(exp, date, mid)])


# 022  quoted-printable, UK account-level authenticity, 17 days; Date just
#      after midnight +0100 (the UTC date is the day before)

def n022():
    date = "Mon, 1 Jun 2026 00:30:00 +0100"
    mid = "0102019e7f0c2a55-7a9c1e3f-5b7d-4e9f-a1b3-c5e7a9b1d3f5-000000@eu-west-1.amazonses.com"
    text = """Hello,

We have removed your selling privileges because we received reports that items in your inventory may infringe intellectual property rights or may be inauthentic. You currently may not sell on Amazon.co.uk. A list of these items is at the end of this email.

Why is this happening?
Customers trust that they will always receive authentic products when they shop in our store. We take reports of inauthentic products seriously.

How do I reactivate my account?
To reactivate your account, send us the following information within 17 days:
– Invoices, receipts, letters of authorisation or licensing agreements from your supplier to prove a valid supply chain for these items. Invoices must have been issued in the last 365 days.
– The name, address, phone number and website of each supplier.

The quantity of items shown should match your inventory. We may call your supplier to verify the documents. Documents must be authentic and unaltered; you may remove pricing, but the rest of the document must be visible. We accept .pdf, .jpg, .png, or .gif files.

How do I send the required information?
Send the documents to pq-review-lvr@amazon.co.uk with your merchant token in the subject line.

What about my funds?
Funds in your account may be held for 90 days or longer. If you have questions about your funds, write to payments-investigate@amazon.co.uk.

Items:
ASIN: B0D4QF8L2M
ASIN: B0D4QF9XJ7
ASIN: B0D4QG1T6C

We’re here to help.
Seller Performance Team
"""
    h = std_headers("Amazon.co.uk Seller Performance <seller-performance@amazon.co.uk>",
                    "Westmarch Retail Ltd <westmarch.retail@example.net>",
                    "Your Amazon.co.uk selling privileges have been removed", date, mid)
    data = single_part(h, text, "plain", "utf-8", "quoted-printable")
    exp = {
        "family": "inauthentic", "is_amazon": True, "severity": "account_deactivated",
        "marketplace": "amazon.co.uk",
        "asins": ["B0D4QF8L2M", "B0D4QF9XJ7", "B0D4QG1T6C"], "titles": {},
        "complaint_ids": [], "deadline_days": 17, "reply_to": "pq-review-lvr@amazon.co.uk",
    }
    write("022-inauthentic-uk-account-qp.eml", data, [finish_expected(exp, date, mid)])


# 023  quoted-printable, rejected performance plan of action

def n023():
    date = "Thu, 11 Jun 2026 08:12:40 -0700"
    mid = "0101019eb1e8d4a7-9c1e3f5a-6d8f-4a0b-b2c4-d6f8a0c2e4a6-000000@us-west-2.amazonses.com"
    text = """Hello,

Thank you for submitting your appeal. We reviewed your plan of action, but we do not consider that to be a valid plan of action.

Our review of your account found the following problems.
– Your late shipment rate is higher than the goal of less than 4%.
– Your plan of action doesn’t explain how you will prevent late shipments in the future.

We do not have enough information to reactivate your account. Your appeal is missing:
– Greater detail on the root causes of the late shipments;
– The actions you have taken to resolve them;
– The steps you will take to prevent them.

Your Amazon selling account remains deactivated. This decision was made after reviewing both your account and the information provided.

You can send a revised plan of action with the “Reactivate your account” button on the Account Health page. Replies to this email are not monitored.

Seller Performance Team
"""
    h = std_headers("Amazon <no-replies-appeals@amazon.com>",
                    "Redfern Home Goods <redfern.home@example.net>",
                    "Re: Your appeal", date, mid)
    data = single_part(h, text, "plain", "utf-8", "quoted-printable")
    exp = {
        "family": "appeal_rejected", "is_amazon": True, "severity": "account_deactivated",
        "marketplace": None, "asins": [], "titles": {}, "complaint_ids": [],
        "deadline_days": None, "reply_to": None,
    }
    write("023-appeal-rejected-performance-qp.eml", data, [finish_expected(exp, date, mid)])


# 024  base64 body, UTF-8, copyright, amazon.co.uk

def n024():
    date = "Tue, 16 Jun 2026 11:45:19 +0100"
    mid = "0102019ecb7a3e12-1f3a5c7e-8b0d-4c2e-93f5-a7c9e1b3d5f7-000000@eu-west-1.amazonses.com"
    text = """Hello,

We removed some of your listings because we received a report from a rights owner that they may infringe the rights owner’s copyright.

Why did this happen?
The rights owner told us that the product photographs and the description on your detail pages are unauthorised reproductions of copyrighted materials. Learn more about our Intellectual Property Policy in Seller Central Help (https://sellercentral.amazon.co.uk/gp/help/external/201361070).

How do I reactivate my listing?
If you believe the listings were removed by mistake, you can submit a counter-notice from Account Health. If you have a licence from the rights owner, ask them for a retraction of the notice.

These are the rights owner’s contact details:
Mistral Bloom Ltd
mistralbloom.rights@example.net

ASIN: B0CW2MB6TR Title: Mistral Bloom Rose Face Oil 30 ml Infringement type: Copyright Complaint ID: 6028813347
ASIN: B0CW2MC9LK Title: Rose Face Oil Gift Set, 2 x 30 ml Infringement type: Copyright Complaint ID: 6028813348

We’re here to help.
Seller Performance Team
"""
    h = std_headers("Amazon <seller-notification@amazon.co.uk>",
                    "Ashgrove Beauty <ashgrove.beauty@example.net>",
                    encoded_words("Listings removed – copyright complaint", "UTF-8", "B"),
                    date, mid)
    data = single_part(h, text, "plain", "UTF-8", "base64")
    exp = {
        "family": "copyright", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.co.uk", "asins": ["B0CW2MB6TR", "B0CW2MC9LK"],
        "titles": {"B0CW2MB6TR": "Mistral Bloom Rose Face Oil 30 ml",
                   "B0CW2MC9LK": "Rose Face Oil Gift Set, 2 x 30 ml"},
        "complaint_ids": ["6028813347", "6028813348"], "infringement_type": "Copyright",
        "rights_owner": {"name": "Mistral Bloom Ltd", "email": "mistralbloom.rights@example.net"},
        "deadline_days": None, "reply_to": None,
    }
    write("024-copyright-uk-base64.eml", data, [finish_expected(exp, date, mid)])


# 025  base64 body, UTF-8 B-encoded subject, UPNE invitation

def n025():
    date = "Fri, 19 Jun 2026 14:02:33 -0700"
    mid = "0101019edb2f6c08-2a4c6e8a-9c1e-4d3f-a5b7-c9e1a3c5e7a9-000000@us-west-2.amazonses.com"
    text = """Hello,

We received a report from a patent owner who believes that the products listed at the end of this email infringe their U.S. Patent No. 11,508,227.

The patent owner's contact information is as follows: Brightmoor Kitchen Innovations Inc., brightmoor.patents@example.net

Amazon offers sellers and patent owners the option to participate in neutral evaluation under the Amazon Utility Patent Neutral Evaluation Procedure. A neutral third-party evaluator, a patent attorney, reviews the claim. The payment of a deposit is required of both parties. The evaluator decides whether the products likely infringe; there is no appeal of that decision.

What you can do
– To participate in neutral evaluation, sign the Neutral Evaluation Agreement and send it to patent-evaluation@amazon.com within the next three weeks.
– To settle the claim with the patent owner, contact them directly. The patent owner must send the retraction to patent-evaluation@amazon.com. Forwarded retractions will not be accepted.

What happens next
Your listings will stay active during this period. If you do not respond within three weeks, we will remove the listings.

ASIN: B0D7BK2M4R
Title: Silicone Stretch Lids, Set of 12, Food Grade
ASIN: B0D7BK3N8X
Title: Silicone Stretch Lids, Set of 6, Assorted Colours

Amazon Patent Evaluation Team
"""
    h = std_headers("Amazon Patent Evaluation <patent-evaluation@amazon.com>",
                    "Cedar & Salt Kitchen <cedarsalt.kitchen@example.net>",
                    encoded_words("Utility patent claim – neutral evaluation available (respond within 3 weeks)",
                                  "UTF-8", "B"),
                    date, mid)
    data = single_part(h, text, "plain", "utf-8", "base64")
    exp = {
        "family": "apex", "is_amazon": True, "severity": "warning", "marketplace": None,
        "asins": ["B0D7BK2M4R", "B0D7BK3N8X"],
        "titles": {"B0D7BK2M4R": "Silicone Stretch Lids, Set of 12, Food Grade",
                   "B0D7BK3N8X": "Silicone Stretch Lids, Set of 6, Assorted Colours"},
        "complaint_ids": [],
        "rights_owner": {"name": "Brightmoor Kitchen Innovations Inc.",
                         "email": "brightmoor.patents@example.net"},
        "ip_refs": [{"kind": "utility_patent", "number": "11,508,227"}],
        "deadline_days": 21, "reply_to": "patent-evaluation@amazon.com",
    }
    write("025-apex-base64.eml", data, [finish_expected(exp, date, mid)])


# 026  base64 body, Chinese review-manipulation deactivation, UTF-8 B subject

def n026():
    date = "Mon, 22 Jun 2026 03:18:51 +0000"
    mid = "0100019eea4b7d21-3b5d7f9b-0d2f-4e4a-b6c8-d0f2b4d6f8b0-000000@email.amazonses.com"
    text = """您好，

您的亚马逊卖家账户已被停用，您的商品已从 Amazon.com 商城中移除。

为什么会发生这种情况？
对于您商品的买家评论，您存在操纵行为。我们发现您为买家评论提供补偿，包括在包裹中放置提供返现或赠品以换取好评的卡片。这违反了我们的“滥用评分、反馈或评论”政策：https://sellercentral.amazon.com/gp/help/external/200386250

受影响的商品：
ASIN: B0CR7ZK3PA
ASIN: B0CR7ZM5QD

如何重新激活我的账户？
要重新激活您的账户，请在 17 天内通过“账户状况”页面上的“重新激活您的账户”按钮提交行动计划，其中包括：
-- 导致问题的根本原因；
-- 您为解决问题已采取的措施；
-- 您为防止问题再次发生将采取的措施。

我的资金会怎样？
如果我们发现您存在欺诈行为，或销售仿造或假冒或禁售商品，您账户中的资金可能会被冻结 90 天或更长时间。

我们随时为您提供帮助。
卖家绩效团队
"""
    h = std_headers("Amazon Seller Performance <seller-performance@amazon.com>",
                    "Shenzhen Lanting Trading <lanting.trading@example.net>",
                    encoded_words("您的亚马逊卖家账户已被停用", "UTF-8", "B"), date, mid)
    data = single_part(h, text, "plain", "UTF-8", "base64")
    exp = {
        "family": "review_manipulation", "is_amazon": True, "severity": "account_deactivated",
        "marketplace": "amazon.com", "asins": ["B0CR7ZK3PA", "B0CR7ZM5QD"], "titles": {},
        "complaint_ids": [], "deadline_days": 17, "reply_to": None,
    }
    write("026-review-manipulation-zh-base64.eml", data, [finish_expected(exp, date, mid)])


# 027  multipart/alternative, US design patent

def n027():
    date = "Wed, 24 Jun 2026 09:27:14 -0700"
    mid = "0101019ef4c8e1b6-4c6e8a0c-1e3a-4f5b-a7c9-e1a3c5e7a9c2-000000@us-west-2.amazonses.com"
    plain = """Hello,

We removed some of your listings because we received a report from a rights owner that they may infringe the rights owner's design patent.

Why did this happen?
The rights owner told us that the appearance of your product copies the ornamental design protected by U.S. Design Patent No. D912,345.

How do I reactivate my listing?
Reply with specific reasons why your product does not infringe the design patent, or provide a court order showing that it does not infringe or that the patent is invalid or unenforceable. You may also contact the rights owner and ask for a retraction of the notice.

These are the rights owner's contact details:
Pipwell Kids Inc.
pipwell.legal@example.com

ASIN: B0C3PK7W1D
Title: Kids Silicone Suction Plate with Lid, Bear Shape
Infringement type: Design Patent
Complaint ID: 1184503927

Seller Performance Team
"""
    html = """<html><body style="font-family:Arial,sans-serif">
<p>Hello,</p>
<p>We removed some of your listings because we received a report from a rights owner that they may infringe the rights owner&rsquo;s design patent.</p>
<p><b>Why did this happen?</b><br>
The rights owner told us that the appearance of your product copies the ornamental design protected by U.S. Design Patent No. D912,345.</p>
<p><b>How do I reactivate my listing?</b><br>
Reply with specific reasons why your product does not infringe the design patent, or provide a court order showing that it does not infringe or that the patent is invalid or unenforceable. You may also contact the rights owner and ask for a retraction of the notice.</p>
<p>These are the rights owner&rsquo;s contact details:<br>
Pipwell Kids Inc.<br>
<a href="mailto:pipwell.legal@example.com">pipwell.legal@example.com</a></p>
<p>ASIN: B0C3PK7W1D<br>
Title: Kids Silicone Suction Plate with Lid, Bear Shape<br>
Infringement type: Design Patent<br>
Complaint ID: 1184503927</p>
<p>Seller Performance Team</p>
</body></html>
"""
    h = std_headers(AMZ, "Littlenest Baby <littlenest.baby@example.net>",
                    "Your listing has been removed: design patent complaint", date, mid)
    data = multipart_alternative(h, "----=_Part_4419_1750781234.1782318434", [
        ("plain", plain, "UTF-8", "7bit"), ("html", html, "UTF-8", "quoted-printable")])
    exp = {
        "family": "design_patent", "is_amazon": True, "severity": "listing_removed",
        "marketplace": None, "asins": ["B0C3PK7W1D"],
        "titles": {"B0C3PK7W1D": "Kids Silicone Suction Plate with Lid, Bear Shape"},
        "complaint_ids": ["1184503927"], "infringement_type": "Design Patent",
        "rights_owner": {"name": "Pipwell Kids Inc.", "email": "pipwell.legal@example.com"},
        "ip_refs": [{"kind": "design_patent", "number": "D912,345"}],
        "deadline_days": None, "reply_to": None,
    }
    write("027-design-patent-us-multipart.eml", data, [finish_expected(exp, date, mid)])


# 028  multipart/alternative, listing-level counterfeit, amazon.de

def n028():
    date = "Thu, 2 Jul 2026 16:54:08 +0200"
    mid = "0102019f1c5e9a3d-5d7f9b1d-2f4b-4a6c-b8d0-f2b4d6f8b0d3-000000@eu-west-1.amazonses.com"
    plain = """Hello,

We removed some of your listings because we received a report from a rights owner that the items may be counterfeit.

Why did this happen?
Our policies prohibit sellers from offering any counterfeit items. Products sold in our store must be genuine. Read the Amazon Anti-Counterfeiting Policy: https://sellercentral.amazon.de/gp/help/external/201165970

How do I reactivate my listing?
Send us invoices from your supplier or an Order ID that show you bought genuine products. Receipts from online shops are generally not accepted.

These are the rights owner's contact details:
Kestrel Optics GmbH
kestrel.brandschutz@example.com

ASIN: B0CN6KX2RB
Title: Kestrel Trail 10x42 Binoculars, Waterproof
Infringement type: Counterfeit
Complaint ID: 7390012458

Seller Performance Team
"""
    html = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>td{padding:2px 8px}</style></head><body>
<p>Hello,</p>
<p>We removed some of your listings because we received a report from a rights owner that the items may be counterfeit.</p>
<h3>Why did this happen?</h3>
<p>Our policies prohibit sellers from offering any counterfeit items. Products sold in our store must be genuine. Read the <a href="https://sellercentral.amazon.de/gp/help/external/201165970">Amazon Anti-Counterfeiting Policy</a>.</p>
<h3>How do I reactivate my listing?</h3>
<p>Send us invoices from your supplier or an Order ID that show you bought genuine products. Receipts from online shops are generally not accepted.</p>
<p>These are the rights owner&#39;s contact details:<br>Kestrel Optics GmbH<br>kestrel.brandschutz@example.com</p>
<p>ASIN: B0CN6KX2RB<br>Title: Kestrel Trail 10x42 Binoculars, Waterproof<br>Infringement type: Counterfeit<br>Complaint ID: 7390012458</p>
<p>Seller Performance Team</p>
</body></html>
"""
    h = std_headers("Amazon.de <seller-notification@amazon.de>",
                    "Rheinblick Handel <rheinblick.handel@example.net>",
                    "Listing removed: counterfeit complaint", date, mid)
    data = multipart_alternative(h, "=_alt_7f3c2a9e41b8", [
        ("plain", plain, "us-ascii", "7bit"), ("html", html, "utf-8", "7bit")])
    exp = {
        "family": "counterfeit", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.de", "asins": ["B0CN6KX2RB"],
        "titles": {"B0CN6KX2RB": "Kestrel Trail 10x42 Binoculars, Waterproof"},
        "complaint_ids": ["7390012458"], "infringement_type": "Counterfeit",
        "rights_owner": {"name": "Kestrel Optics GmbH", "email": "kestrel.brandschutz@example.com"},
        "deadline_days": None, "reply_to": None,
    }
    write("028-counterfeit-listing-multipart.eml", data, [finish_expected(exp, date, mid)])


# 029  multipart/alternative (plain QP + html base64), failed account review

def n029():
    date = "Tue, 7 Jul 2026 10:05:56 -0700"
    mid = "0101019f35d0b6e4-6e8a0c2e-3a5c-4b7d-c9e1-a3c5e7a9c1e4-000000@us-west-2.amazonses.com"
    plain = """Hello,

Your Amazon Seller account has been deactivated, and your listings have been removed from Amazon.com.

Why is this happening?
We have determined that your account failed our seller account review process. Any new selling accounts you open will be closed.

How do I reactivate my account?
If you think this decision was made in error, use the “Reactivate your account” button on the Account Health page and send us information that shows your account meets our requirements.

What happens to my funds?
Funds in your account will be held. After 90 days, the hold will be removed if your account is not reactivated. For questions about your funds, write to payments-funds@amazon.com.

Seller Performance Team
"""
    html = """<html><body>
<p>Hello,</p>
<p>Your Amazon Seller account has been deactivated, and your listings have been removed from Amazon.com.</p>
<p><strong>Why is this happening?</strong><br>We have determined that your account failed our seller account review process. Any new selling accounts you open will be closed.</p>
<p><strong>How do I reactivate my account?</strong><br>If you think this decision was made in error, use the &ldquo;Reactivate your account&rdquo; button on the Account Health page and send us information that shows your account meets our requirements.</p>
<p><strong>What happens to my funds?</strong><br>Funds in your account will be held. After 90&nbsp;days, the hold will be removed if your account is not reactivated. For questions about your funds, write to <a href="mailto:payments-funds@amazon.com">payments-funds@amazon.com</a>.</p>
<p>Seller Performance Team</p>
</body></html>
"""
    h = std_headers(SP, "Vantor Supply <vantor.supply@example.net>",
                    "Your Amazon seller account has been deactivated", date, mid)
    data = multipart_alternative(h, "b1_9a8e3c1f5d7b2e4a6c8d0f1e3a5b7c9d", [
        ("plain", plain, "UTF-8", "quoted-printable"), ("html", html, "UTF-8", "base64")])
    exp = {
        "family": "account_deactivation", "is_amazon": True, "severity": "account_deactivated",
        "marketplace": "amazon.com", "asins": [], "titles": {}, "complaint_ids": [],
        "deadline_days": None, "reply_to": None,
    }
    write("029-account-deactivation-multipart.eml", data, [finish_expected(exp, date, mid)])


# 030  HTML only, quoted-printable, labels and values in separate table cells

def n030():
    date = "Fri, 10 Jul 2026 22:41:37 -0700"
    mid = "0101019f46e2c7f5-7f9b1d3f-4b6d-4c8e-dae2-b4d6f8b0d2f5-000000@us-west-2.amazonses.com"
    html = """<!DOCTYPE html>
<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>Amazon</title></head>
<body style="margin:0;padding:0;font-family:'Amazon Ember',Arial,sans-serif;font-size:14px;color:#111111">
<table width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td style="padding:16px">
<p>Hello,</p>
<p>We removed some of your listings because we received a report from a rights owner that they may infringe the rights owner&rsquo;s copyright.</p>
<p><b>Why did this happen?</b><br>
The rights owner told us that the artwork printed on your product is an unauthorized reproduction of copyrighted materials. The rights owner holds U.S. Copyright Registration VA 2-318-774.</p>
<p><b>How do I reactivate my listing?</b><br>
If you believe the listing was removed by mistake or misidentification, submit a counter-notice from Account Health &gt; Received Intellectual Property Complaints &gt; Appeal. If you have a licence, ask the rights owner for a retraction of the notice.</p>
<p>These are the rights owner&rsquo;s contact details:</p>
<table cellpadding="4" cellspacing="0" border="1" style="border-collapse:collapse">
<tr><td>Name:</td><td>Wren &amp; Willow Art Co.</td></tr>
<tr><td>Email:</td><td>wrenwillow.art@example.com</td></tr>
</table>
<p>&nbsp;</p>
<table cellpadding="4" cellspacing="0" border="1" style="border-collapse:collapse">
<tr><td style="font-weight:bold">ASIN:</td><td>B0D9WW4T6G</td></tr>
<tr><td style="font-weight:bold">Title:</td><td>Botanical Wall Art Prints, Set of 3, 8&quot;x10&quot; Unframed</td></tr>
<tr><td style="font-weight:bold">Infringement type:</td><td>Copyright</td></tr>
<tr><td style="font-weight:bold">Complaint ID:</td><td>8156620943</td></tr>
</table>
<p>We&rsquo;re here to help.<br>Seller Performance Team</p>
</td></tr></table>
</body>
</html>
"""
    h = std_headers(AMZ, "Paperlane Studio <paperlane.studio@example.net>",
                    "Notice of copyright infringement", date, mid)
    data = single_part(h, html, "html", "UTF-8", "quoted-printable")
    exp = {
        "family": "copyright", "is_amazon": True, "severity": "listing_removed",
        "marketplace": None, "asins": ["B0D9WW4T6G"],
        "titles": {"B0D9WW4T6G": 'Botanical Wall Art Prints, Set of 3, 8"x10" Unframed'},
        "complaint_ids": ["8156620943"], "infringement_type": "Copyright",
        "rights_owner": {"name": "Wren & Willow Art Co.", "email": "wrenwillow.art@example.com"},
        "ip_refs": [{"kind": "copyright", "number": "VA 2-318-774"}],
        "deadline_days": None, "reply_to": None,
    }
    write("030-copyright-html-table.eml", data, [finish_expected(exp, date, mid)])


# 031  HTML only, 8bit UTF-8, two complaints as two label/value tables

def n031():
    date = "Mon, 13 Jul 2026 07:58:02 -0700"
    mid = "0101019f55a1d8e9-8a0c2e4a-5c7e-4d9f-ebf3-c5e7a9c1e3a6-000000@us-west-2.amazonses.com"
    rows = [("B0CH3LK9VE", "Larkspur Home Quilted Throw Blanket, 130 x 170 cm, Oatmeal",
             "Trademark", "2950148837"),
            ("B0CH3LM2QS", "Quilted Throw Blanket Compatible with Larkspur Sofa Sets, Grey",
             "Trademark", "2950148838")]
    tables = "\n".join(
        """<table class="complaint" border="0" cellspacing="0" cellpadding="3">
  <tr><td class="label">ASIN:</td><td class="value">%s</td></tr>
  <tr><td class="label">Title:</td><td class="value">%s</td></tr>
  <tr><td class="label">Infringement type:</td><td class="value">%s</td></tr>
  <tr><td class="label">Complaint ID:</td><td class="value">%s</td></tr>
</table>
<br>""" % r for r in rows)
    html = """<html><head><meta charset="utf-8">
<style type="text/css">td.label{font-weight:bold;white-space:nowrap} .footer{color:#767676}</style>
<script type="text/javascript">var trackingPixel = "ASIN: B000000000";</script>
</head><body>
<p>Hello Homestead Finds,</p>
<p>We removed some of your listings because we received a report from a rights owner that they may infringe the rights owner’s trademark.</p>
<p><b>Why did this happen?</b><br>The rights owner communication about the alleged infringement says that your listings use the “Larkspur Home” trademark without authorization. Learn more about our Intellectual Property Policy: <a href="https://sellercentral.amazon.com/gp/help/external/201361070">https://sellercentral.amazon.com/gp/help/external/201361070</a></p>
<p><b>How do I reactivate my listing?</b><br>Edit the detail pages to remove the trademark and then submit an appeal, or send us a letter of authorization or licensing agreement from the rights owner through Account Health.</p>
<p>These are the rights owner’s contact details: Larkspur Home LLC, <a href="mailto:larkspur.ip@example.com">larkspur.ip@example.com</a></p>
%s
<p class="footer">We’re here to help.<br>Seller Performance Team</p>
</body></html>
""" % tables
    h = std_headers(AMZ, "Homestead Finds <homestead.finds@example.net>",
                    "Your listings have been removed: trademark complaints", date, mid)
    data = single_part(h, html, "html", "utf-8", "8bit")
    exp = {
        "family": "trademark", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.com", "asins": ["B0CH3LK9VE", "B0CH3LM2QS"],
        "titles": {r[0]: r[1] for r in rows},
        "complaint_ids": ["2950148837", "2950148838"], "infringement_type": "Trademark",
        "rights_owner": {"name": "Larkspur Home LLC", "email": "larkspur.ip@example.com"},
        "deadline_days": None, "reply_to": None,
    }
    write("031-trademark-html-two-tables.eml", data, [finish_expected(exp, date, mid)])


# 032  HTML only, Amazon newsletter (not a notice)

def n032():
    date = "Wed, 15 Jul 2026 18:00:00 +0000"
    mid = "0100019f5f3b2a1c-9b1d3f5b-6d8f-4e0a-fc04-d6f8b0d2f4b7-000000@email.amazonses.com"
    html = """<html><body>
<table width="600" align="center" cellpadding="0" cellspacing="0"><tr><td>
<h1 style="font-size:22px">Seller News Digest &ndash; July 2026</h1>
<p>Hello,</p>
<p>Here is what&rsquo;s new for sellers on Amazon.com this month.</p>
<h2>Fall deals: submissions are open</h2>
<p>Lightning Deals and Best Deals for the fall season can now be submitted on the Deals page. Deals with a strong sales history and reviews are more likely to be selected.</p>
<h2>New: bulk edits for shipping templates</h2>
<p>You can now apply a shipping template to up to 5,000 SKUs at once from the Manage All Inventory page.</p>
<h2>Webinar: protecting your brand</h2>
<p>Join our free webinar on Brand Registry tools, including how to report a violation and how the retraction function works.</p>
<p style="color:#767676;font-size:11px">You are receiving this email because you are subscribed to Seller News. To unsubscribe, change your notification preferences in Seller Central. &copy; 2026 Amazon.com, Inc. or its affiliates.</p>
</td></tr></table>
</body></html>
"""
    h = std_headers("Amazon Seller News <seller-news@amazon.com>",
                    "Pawsome Daily <pawsome.daily@example.net>",
                    "Seller News Digest - July 2026", date, mid)
    data = single_part(h, html, "html", "utf-8", "quoted-printable")
    exp = {
        "family": "unknown", "is_amazon": True, "marketplace": "amazon.com",
        "asins": [], "titles": {}, "complaint_ids": [], "reply_to": None,
    }
    write("032-unknown-amazon-newsletter-html.eml", data, [finish_expected(exp, date, mid)])


# 033  GBK body, GB2312 B-encoded subject, Chinese trademark notice

def n033():
    date = "Thu, 16 Jul 2026 10:21:45 +0800"
    mid = "0100019f6162e0b3-ac2e4a6c-7e9a-4f1b-8d15-e7a9c1e3a5c8-000000@email.amazonses.com"
    text = """您好，

我们已删除您的部分商品信息，因为我们收到了一位权利所有人的举报，称这些商品可能侵犯了权利所有人的商标权。

为什么会发生这种情况？
权利所有人告诉我们，您在商品详情页面和商品包装上使用了“NordaFit”商标。您的Amazon.com卖家账户中的以下商品已被删除。

如何重新激活我的商品信息？
如果商品或包装上带有该商标，请通过“账户状况”页面提供发票或订单编号，证明您销售的是正品。如果商标仅出现在商品详情页面上，请编辑详情页面后提交申诉，或者提供权利所有人出具的授权书或许可协议。

以下是权利所有人的联系信息：
NordaFit GmbH
nordafit.brandprotection@example.com

如果您认为权利所有人的投诉有误，可以联系对方并请求撤回投诉。权利所有人必须将撤回通知发送至 notice-retraction@amazon.com，或使用品牌注册中的撤回功能。

ASIN: B09NFT7C4D
Title: Resistance Loop Bands Set of 5 for Fitness, Heavy
Infringement type: Trademark
Complaint ID: 8812399104

我们随时为您提供帮助。
卖家绩效团队
"""
    h = std_headers(AMZ, "Yiwu Jinhe Trading <jinhe.trading@example.net>",
                    encoded_words("您的商品信息已被删除：商标侵权投诉", "GB2312", "B"), date, mid)
    data = single_part(h, text, "plain", "GBK", "8bit")
    exp = {
        "family": "trademark", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.com", "asins": ["B09NFT7C4D"],
        "titles": {"B09NFT7C4D": "Resistance Loop Bands Set of 5 for Fitness, Heavy"},
        "complaint_ids": ["8812399104"], "infringement_type": "Trademark",
        "rights_owner": {"name": "NordaFit GmbH", "email": "nordafit.brandprotection@example.com"},
        "deadline_days": None, "reply_to": None,
    }
    write("033-trademark-zh-gbk.eml", data, [finish_expected(exp, date, mid)])


# 034  GB18030 body (base64), Chinese Section 3 verification

def n034():
    date = "Sat, 18 Jul 2026 01:09:30 +0800"
    mid = "0100019f6a1c5f42-bd3f5b7d-8f0b-4a2c-9e26-f8b0d2f4b6d9-000000@email.amazonses.com"
    text = """您好，

您的Amazon.com卖家账户目前正在根据《亚马逊企业解决方案协议》第 3 节进行审核。

为什么会发生这种情况？
我们会定期审核账户，以防止不良行为，例如销售假冒商品或侵犯知识产权的商品。在审核期间，您的 FBA 货件创建功能将被禁用，您的资金将根据我们的“资金预留政策”暂时冻结。

如何验证我的身份和库存供应链？
为了证明您的账户和库存的真实性，请完成以下步骤：
1. 在“账户状况”页面预约视频面试验证。
2. 上传供应商发票，需涵盖 ASIN B0D1HX5R7N 的 80 件商品。发票日期须在最近 365 天内。
3. 提供每个供应商的名称、地址、电话号码和网站。

我们随时为您提供帮助。
卖家验证团队
"""
    h = std_headers("Amazon Seller Verification <seller-verification@amazon.com>",
                    "Hangzhou Qingshan E-commerce <qingshan.ec@example.net>",
                    encoded_words("您的账户正在审核中", "GB18030", "B"), date, mid)
    data = single_part(h, text, "plain", "GB18030", "base64")
    exp = {
        "family": "invoice_verification", "is_amazon": True, "severity": "account_at_risk",
        "marketplace": "amazon.com", "asins": ["B0D1HX5R7N"], "titles": {},
        "complaint_ids": [], "deadline_days": None, "reply_to": None,
    }
    write("034-invoice-verification-zh-gb18030.eml", data, [finish_expected(exp, date, mid)])


# 035  Shift_JIS, Japanese-marketplace copyright notice in English with a
#      Japanese heading and Japanese product title

def n035():
    date = "Tue, 21 Jul 2026 15:33:08 +0900"
    mid = "0103019f7b8e3d15-ce4a6c8e-9a1c-4b3d-af37-a0c2e4a6c8e1-000000@ap-northeast-1.amazonses.com"
    text = """【重要】知的財産権の侵害に関する申し立てについて

Hello,

We removed some of your listings on Amazon.co.jp because we received a report from a rights owner that they may infringe the rights owner’s copyright.

Why did this happen?
The rights owner told us that the product photographs on your detail page are unauthorized reproductions of copyrighted materials.

How do I reactivate my listing?
If you believe the listing was removed in error, submit a counter-notice from Account Health. If you have permission to use the photographs, ask the rights owner for a retraction of the notice.

These are the rights owner’s contact details:
Hinoki Living K.K.
hinoki.living@example.com

ASIN: B0CJ8HN4WT
Title: ひのきリビング 国産 檜 まな板 大 39cm
Infringement type: Copyright
Complaint ID: 4472901836

Amazon.co.jp テクニカルサポート
"""
    h = std_headers("Amazon.co.jp <seller-notification@amazon.co.jp>",
                    "Sakura Select <sakura.select@example.net>",
                    encoded_words("知的財産権の侵害に関する申し立て", "Shift_JIS", "B"), date, mid)
    data = single_part(h, text, "plain", "Shift_JIS", "8bit")
    exp = {
        "family": "copyright", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.co.jp", "asins": ["B0CJ8HN4WT"],
        "titles": {"B0CJ8HN4WT": "ひのきリビング 国産 檜 まな板 大 39cm"},
        "complaint_ids": ["4472901836"], "infringement_type": "Copyright",
        "rights_owner": {"name": "Hinoki Living K.K.", "email": "hinoki.living@example.com"},
        "deadline_days": None, "reply_to": None,
    }
    write("035-copyright-jp-shiftjis.eml", data, [finish_expected(exp, date, mid)])


# 036  Shift_JIS body (quoted-printable), ISO-2022-JP subject, listing-level
#      inauthentic on amazon.co.jp

def n036():
    date = "Fri, 24 Jul 2026 09:02:51 +0900"
    mid = "0103019f8a4f1e26-df5b7d9f-ab2d-4c4e-b048-b1d3f5b7d9f2-000000@ap-northeast-1.amazonses.com"
    text = """Amazon.co.jp 出品者様

Hello,

We removed some of your listings because we received a report from a rights owner that they may infringe the rights owner’s trademark. The rights owner told us that one or more of your listings are inauthentic.

How do I reactivate my listing?
Send us supplier invoices that show you bought authentic products, or a letter of authorization from the rights owner, from the Account Health page at https://sellercentral.amazon.co.jp/performance/account/health .

These are the rights owner’s contact details:
Velmora Bags Co.
velmora.legal@example.com

ASIN: B0BVM5PQ7Z
Title: Velmora ミニ ショルダーバッグ キルティング ブラック
Infringement type: Counterfeit
Complaint ID: 4401977120

よろしくお願いいたします。
Amazon.co.jp
"""
    h = std_headers("Amazon.co.jp <seller-notification@amazon.co.jp>",
                    "Sakura Select <sakura.select@example.net>",
                    encoded_words("出品が停止されました", "ISO-2022-JP", "B"), date, mid)
    data = single_part(h, text, "plain", "Shift_JIS", "quoted-printable")
    exp = {
        "family": "inauthentic", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.co.jp", "asins": ["B0BVM5PQ7Z"],
        "titles": {"B0BVM5PQ7Z": "Velmora ミニ ショルダーバッグ キルティング ブラック"},
        "complaint_ids": ["4401977120"], "infringement_type": "Counterfeit",
        "rights_owner": {"name": "Velmora Bags Co.", "email": "velmora.legal@example.com"},
        "deadline_days": None, "reply_to": None,
    }
    write("036-inauthentic-jp-shiftjis-qp.eml", data, [finish_expected(exp, date, mid)])


# 037  windows-1252, 8bit: refusal of a conditional retraction

def n037():
    date = "Mon, 27 Jul 2026 13:40:22 -0700"
    mid = "0101019f9a6b2c37-e06c8e0a-bc3e-4d5f-c159-c2e4a6c8e0a3-000000@us-west-2.amazonses.com"
    text = """Hello,

We received an email from the rights owner, NordaFit GmbH, about the complaint listed below. We couldn’t accept it as a retraction.

The rights owner’s email says that the complaint will be withdrawn “on condition that the seller stops selling the product in the EU.” Your email does not confirm an error has taken place. We are unable to accept additional criteria on retractions, such as restrictions. We can only accept retractions if the rights owner clearly states that they made an error.

Your listing remains removed. If the rights owner agrees that the complaint was submitted in error, the rights owner must send a new retraction directly to notice-retraction@amazon.com – forwarded retractions will not be accepted.

ASIN: B09NFT8H6M
Complaint ID: 8812402251

Notice Dispute Team
"""
    h = std_headers("Amazon <notice-dispute@amazon.com>",
                    "Ridgeback Sports <ridgeback.sports@example.net>",
                    "Re: Retraction for Complaint ID 8812402251", date, mid)
    data = single_part(h, text, "plain", "windows-1252", "8bit")
    exp = {
        "family": "retraction", "is_amazon": True, "severity": "listing_removed",
        "marketplace": None, "asins": ["B09NFT8H6M"], "titles": {},
        "complaint_ids": ["8812402251"], "deadline_days": None, "reply_to": None,
    }
    write("037-retraction-refused-cp1252.eml", data, [finish_expected(exp, date, mid)])


# 038  windows-1252 pasted .txt (no charset declared anywhere): older
#      restricted-products removal

def n038():
    text = """Hello,

We are writing to let you know that you have listed items that are not permitted on Amazon.com.

Items sold on Amazon.com must adhere to our Restricted Products policy. We removed the listing below because it is illegal or inappropriate for our site: products that claim to cure, mitigate or treat a disease are not permitted without approval.

ASIN: B0CX5RP3JD
Title: Herbal Joint Relief Balm – “Works in 24 Hours”, 50 g

To learn more about the products you can’t sell, search “Restricted Products” in Seller Central Help. If you believe the removal was an error, you can appeal from the Account Health page with proof of compliance.

Regards,
Seller Performance
"""
    raw = text.replace("\n", "\r\n").encode("windows-1252")
    with open(os.path.join(OUT, "038-restricted-older-cp1252.txt"), "wb") as f:
        f.write(raw)
    exp = {
        "family": "restricted_product", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.com", "asins": ["B0CX5RP3JD"],
        "titles": {"B0CX5RP3JD": "Herbal Joint Relief Balm – “Works in 24 Hours”, 50 g"},
        "complaint_ids": [], "deadline_days": None, "reply_to": None,
    }
    write_expected(os.path.join(OUT, "038-restricted-older-cp1252.expected.json"), [exp])


# --------------------------------------------------------------------------
# 039  mbox: one IP case, three Amazon messages (notice, rejected appeal,
#      accepted retraction); a '>From ' escaped line in the first body

def n039():
    msgs, exps = [], []

    date = "Mon, 3 Aug 2026 09:15:40 -0700"
    mid = "0101019fb5c3d248-f17d9f1b-cd4f-4e6a-d26a-d3f5b7d9f1b4-000000@us-west-2.amazonses.com"
    text = """Hello,

We removed some of your listings because we received a report from a rights owner that they may infringe the rights owner's trademark.

Why did this happen?
From the information in the rights owner's report, your listing uses the "Corvane" trademark in the title and on the product images. Learn more in Seller Central Help: https://sellercentral.amazon.com/gp/help/external/201361070

How do I reactivate my listing?
Edit the detail page to remove the trademark and submit an appeal, or send us an invoice, a letter of authorization or a licensing agreement from the rights owner through Account Health.

These are the rights owner's contact details:
Corvane Audio Ltd
corvane.legal@example.net

ASIN: B0BQX9DT2L
Title: Over-Ear Headphone Replacement Ear Pads for Corvane Q7, Black
Infringement type: Trademark
Complaint ID: 3318870514

Seller Performance Team
"""
    h = std_headers(AMZ, "Greenbay Electronics <greenbay.electronics@example.net>",
                    "Your listing has been removed: trademark complaint", date, mid)
    msgs.append(("seller-notification@amazon.com", "Mon Aug  3 16:15:40 2026",
                 single_part(h, text, "plain", "us-ascii", "7bit")))
    exps.append(finish_expected({
        "family": "trademark", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.com", "asins": ["B0BQX9DT2L"],
        "titles": {"B0BQX9DT2L": "Over-Ear Headphone Replacement Ear Pads for Corvane Q7, Black"},
        "complaint_ids": ["3318870514"], "infringement_type": "Trademark",
        "rights_owner": {"name": "Corvane Audio Ltd", "email": "corvane.legal@example.net"},
        "deadline_days": None, "reply_to": None}, date, mid))

    date = "Fri, 7 Aug 2026 11:52:03 -0700"
    mid = "0101019fca1e7f59-028eab2c-de5a-4f7b-e37b-e4a6c8e0a2c5-000000@us-west-2.amazonses.com"
    text = """Hello,

Thank you for submitting your appeal. We cannot accept your appeal because it does not address the report we received from the rights owner.

The rights owner reported that your listing infringes their trademark. The invoice you provided is for ear pads made by a different manufacturer and does not show the rights owner's brand. The listing still uses the trademark in its title.

ASIN: B0BQX9DT2L
Complaint ID: 3318870514

Your listing will remain removed. To send more information, reply to notice-dispute@amazon.com.

Notice Dispute Team
"""
    h = std_headers("Amazon <notice-dispute@amazon.com>",
                    "Greenbay Electronics <greenbay.electronics@example.net>",
                    "Re: Complaint ID 3318870514", date, mid)
    msgs.append(("notice-dispute@amazon.com", "Fri Aug  7 18:52:03 2026",
                 single_part(h, text, "plain", "us-ascii", "7bit")))
    exps.append(finish_expected({
        "family": "appeal_rejected", "is_amazon": True, "severity": "listing_removed",
        "marketplace": None, "asins": ["B0BQX9DT2L"], "titles": {},
        "complaint_ids": ["3318870514"], "deadline_days": None,
        "reply_to": "notice-dispute@amazon.com"}, date, mid))

    date = "Wed, 19 Aug 2026 08:30:17 -0700"
    mid = "0101019ff7b2a06a-139fbc3d-ef6b-4a8c-f48c-f5b7d9f1b3d6-000000@us-west-2.amazonses.com"
    text = """Hello,

The rights owner has retracted the complaint listed below and told us that it was submitted in error. We accepted the retraction and reinstated your listing. The complaint has been removed from your Account Health page.

ASIN: B0BQX9DT2L
Complaint ID: 3318870514

Notice Dispute Team
"""
    h = std_headers("Amazon <notice-dispute@amazon.com>",
                    "Greenbay Electronics <greenbay.electronics@example.net>",
                    "Re: Complaint ID 3318870514 - listing reinstated", date, mid)
    msgs.append(("notice-dispute@amazon.com", "Wed Aug 19 15:30:17 2026",
                 single_part(h, text, "plain", "us-ascii", "7bit")))
    exps.append(finish_expected({
        "family": "retraction", "is_amazon": True, "marketplace": None,
        "asins": ["B0BQX9DT2L"], "titles": {}, "complaint_ids": ["3318870514"],
        "deadline_days": None, "reply_to": None}, date, mid))

    with open(os.path.join(OUT, "039-ip-case-thread.mbox"), "wb") as f:
        f.write(mbox(msgs))
    write_expected(os.path.join(OUT, "039-ip-case-thread.expected.json"), exps)


# 040  mbox: mixed inbox, four messages (performance warning, order
#      notification, supplier message with '>From ', EU design right)

def n040():
    msgs, exps = [], []

    date = "Tue, 1 Sep 2026 06:44:29 -0700"
    mid = "0101019a1c3e8b7b-24a0cd4e-f07c-4b9d-a59d-a6c8e0a2c4e7-000000@us-west-2.amazonses.com"
    text = """Hello,

Your late shipment rate is 6.8%, which is higher than our target of less than 4%. A late shipment is an order that was confirmed as shipped after its expected ship date.

This is a warning. We have not taken any action on your account or listings. Please review your shipping processes now.

To learn more, search for "Seller Performance Measurement" in Seller Central Help.

Seller Performance Team
"""
    h = std_headers(SP, "Northgate Wholesale <northgate.wholesale@example.net>",
                    "Your late shipment rate is above our target", date, mid)
    msgs.append(("seller-performance@amazon.com", "Tue Sep  1 13:44:29 2026",
                 single_part(h, text, "plain", "us-ascii", "7bit")))
    exps.append(finish_expected({
        "family": "performance", "is_amazon": True, "severity": "warning",
        "marketplace": None, "asins": [], "titles": {}, "complaint_ids": [],
        "deadline_days": None, "reply_to": None}, date, mid))

    date = "Tue, 1 Sep 2026 10:02:11 -0700"
    mid = "0101019a1cf51c8c-35b1de5f-018d-4cae-b6ae-b7d9f1b3d5f8-000000@us-west-2.amazonses.com"
    text = """Sold, ship now: Bike Chain Cleaner Brush Tool

Congratulations, you have a new order.

Order ID: 113-4829175-6630214
Item: Bike Chain Cleaner Brush Tool with Magnetic Scrubber
ASIN: B0CZP4MX7T
SKU: KR-CHN-CLN-01
Quantity: 1
Ship by: Sep 3, 2026

Please ship this order using the shipping service the buyer selected. To view the order, go to Manage Orders in Seller Central.
"""
    h = std_headers("Amazon Seller Central <auto-confirm@amazon.com>",
                    "Kestrel Ride Supplies <kestrel.ride@example.net>",
                    "Sold, ship now: Bike Chain Cleaner Brush Tool", date, mid)
    msgs.append(("auto-confirm@amazon.com", "Tue Sep  1 17:02:11 2026",
                 single_part(h, text, "plain", "us-ascii", "7bit")))
    exps.append(finish_expected({
        "family": "unknown", "is_amazon": True, "marketplace": None,
        "asins": ["B0CZP4MX7T"], "titles": {}, "complaint_ids": [], "reply_to": None},
        date, mid))

    date = "Wed, 2 Sep 2026 09:15:00 +0800"
    mid = "CAF7x2mQ9+Lp3vTzq8JnW1rHk5dYbE0sUo4g@mail.example.net"
    text = """Hi Tom,

About your question on the Amazon complaint for the chain cleaner.
From our side, the brush design is our own mould (tooling no. M-2207),
we made it since 2021 and we can send the mould invoice and photos.

From September our prices for the 4-brush kit go up 3%. New price list
attached.

Best regards,
Chen Jun
Ningbo Kaida Cycle Parts Co., Ltd.
"""
    h = [("Return-Path", "<chenjun@example.net>"), ("From", "Chen Jun <chenjun@example.net>"),
         ("To", "Tom Becker <kestrel.ride@example.net>"),
         ("Subject", "Re: chain cleaner patent question / new price"),
         ("Date", date), ("Message-ID", "<%s>" % mid)]
    msgs.append(("chenjun@example.net", "Wed Sep  2 01:15:00 2026",
                 single_part(h, text, "plain", "us-ascii", "7bit")))
    exps.append(finish_expected({
        "family": "unknown", "is_amazon": False, "marketplace": None,
        "asins": [], "titles": {}, "complaint_ids": [], "reply_to": None}, date, mid))

    date = "Thu, 3 Sep 2026 14:20:47 +0200"
    mid = "0102019a2711a49d-46c2ef60-129e-4dbf-c7bf-c8e0a2c4e6f9-000000@eu-west-1.amazonses.com"
    text = """Hello,

We removed some of your listings because we received a report from a rights owner that they may infringe on the following design right.

Design Right number
009112233-0002

The listings we removed are at the end of this email. If you need help better understanding what is causing this, visit https://sellercentral.amazon.fr/gp/help/external/201361070 .

These are the rights owner’s contact details:
Maison Orvelle SAS
orvelle.juridique@example.com

ASIN: B0D5MO3V8C
Title: Ceramic Table Lamp, Ribbed Base, Ivory
Complaint ID: 2064418837

Seller Performance Team
"""
    h = std_headers("Amazon.fr <seller-notification@amazon.fr>",
                    "Northgate Wholesale <northgate.wholesale@example.net>",
                    "Listings removed: design right", date, mid)
    msgs.append(("seller-notification@amazon.fr", "Thu Sep  3 12:20:47 2026",
                 single_part(h, text, "plain", "utf-8", "quoted-printable")))
    exps.append(finish_expected({
        "family": "design_patent", "is_amazon": True, "severity": "listing_removed",
        "marketplace": "amazon.fr", "asins": ["B0D5MO3V8C"],
        "titles": {"B0D5MO3V8C": "Ceramic Table Lamp, Ribbed Base, Ivory"},
        "complaint_ids": ["2064418837"],
        "rights_owner": {"name": "Maison Orvelle SAS", "email": "orvelle.juridique@example.com"},
        "ip_refs": [{"kind": "design_patent", "number": "009112233-0002"}],
        "deadline_days": None, "reply_to": None}, date, mid))

    with open(os.path.join(OUT, "040-mixed-inbox.mbox"), "wb") as f:
        f.write(mbox(msgs))
    write_expected(os.path.join(OUT, "040-mixed-inbox.expected.json"), exps)


# 041  mbox: Chinese seller's inbox (Chinese copyright notice in base64,
#      Chinese related-account notice in QP, English "Charge When Ship"
#      deactivation with a '>From ' line)

def n041():
    msgs, exps = [], []

    date = "Mon, 14 Sep 2026 09:30:12 +0800"
    mid = "0100019a5e2c7fa1-57d3f071-23af-4ec0-d8c0-d9f1b3d5f7a1-000000@email.amazonses.com"
    text = """您好，

我们已删除您的部分商品信息，因为我们收到了一位权利所有人的举报，称这些商品可能侵犯了权利所有人的版权。

为什么会发生这种情况？
权利所有人告诉我们，您的商品详情页面上的图片是未经授权复制的受版权保护的材料。

如何重新激活我的商品信息？
如果您认为删除有误，可以通过“账户状况”页面提交反通知。如果您获得了权利所有人的许可，请请求对方撤回投诉。

以下是权利所有人的联系信息：
Oakhaven Crafts Studio
oakhaven.studio@example.net

ASIN: B0C7PX4KQ9
Title: Hand-Painted Ceramic Mug, Fern Pattern, 350 ml
Infringement type: Copyright
Complaint ID: 7720056613

我们随时为您提供帮助。
"""
    h = std_headers(AMZ, "Foshan Taoyuan Ceramics <taoyuan.ceramics@example.net>",
                    encoded_words("您的商品信息已被删除", "UTF-8", "B"), date, mid)
    msgs.append(("seller-notification@amazon.com", "Mon Sep 14 01:30:12 2026",
                 single_part(h, text, "plain", "UTF-8", "base64")))
    exps.append(finish_expected({
        "family": "copyright", "is_amazon": True, "severity": "listing_removed",
        "marketplace": None, "asins": ["B0C7PX4KQ9"],
        "titles": {"B0C7PX4KQ9": "Hand-Painted Ceramic Mug, Fern Pattern, 350 ml"},
        "complaint_ids": ["7720056613"], "infringement_type": "Copyright",
        "rights_owner": {"name": "Oakhaven Crafts Studio", "email": "oakhaven.studio@example.net"},
        "deadline_days": None, "reply_to": None}, date, mid))

    date = "Wed, 16 Sep 2026 22:05:44 +0800"
    mid = "0100019a6b8d3eb2-68e4a182-34b0-4fd1-e9d1-eaf2c4e6a8b2-000000@email.amazonses.com"
    text = """您好，

您的Amazon.com卖家账户已根据《亚马逊企业解决方案协议》第 3 节被停用。

为什么会发生这种情况？
您有一个单独的账户 taoyuan+home+decor，该账户因违反我们的某项政策而被停用。我们的审核发现，您当前的卖家账户与另一个不允许在我们商城销售的卖家账户相关联。

如何重新激活我的账户？
您必须首先重新激活关联账户。该账户重新激活后，请为本账户提交申诉，并提供关联账户的名称和重新激活的日期。

如果我不拥有该账户怎么办？
如果您不拥有或不控制另一个账户，请说明您的两个账户为什么会被关联，并提供支持您说明的文件。

我的资金会怎样？
您账户中的资金可能会被冻结 90 天或更长时间。
"""
    h = std_headers(SP, "Foshan Taoyuan Ceramics <taoyuan.ceramics@example.net>",
                    encoded_words("您的卖家账户已被停用", "UTF-8", "B"), date, mid)
    msgs.append(("seller-performance@amazon.com", "Wed Sep 16 14:05:44 2026",
                 single_part(h, text, "plain", "utf-8", "quoted-printable")))
    exps.append(finish_expected({
        "family": "related_account", "is_amazon": True, "severity": "account_deactivated",
        "marketplace": "amazon.com", "asins": [], "titles": {}, "complaint_ids": [],
        "deadline_days": None, "reply_to": None}, date, mid))

    date = "Tue, 22 Sep 2026 05:48:19 -0700"
    mid = "0101019a8a0f4fc3-79f5b293-45c1-4ae2-fae2-fb03d5f7b9c3-000000@us-west-2.amazonses.com"
    text = """Hello,

Your Amazon Seller account has been deactivated.

Why is this happening?
From our review of your recent orders, you have been confirming orders prior to shipping them. This violates our "Charge When Ship" policy: sellers must confirm shipment only after the order has been shipped.

How do I reactivate my account?
Send us a plan of action with the "Reactivate your account" button on the Account Health page. Explain the root cause, the actions you have taken, and the steps you will take to prevent it.

What happens to my funds?
Funds in your account may be held for 90 days or longer.

Seller Performance Team
"""
    h = std_headers(SP, "Foshan Taoyuan Ceramics <taoyuan.ceramics@example.net>",
                    "Your Amazon seller account has been deactivated", date, mid)
    msgs.append(("seller-performance@amazon.com", "Tue Sep 22 12:48:19 2026",
                 single_part(h, text, "plain", "us-ascii", "7bit")))
    exps.append(finish_expected({
        "family": "account_deactivation", "is_amazon": True, "severity": "account_deactivated",
        "marketplace": None, "asins": [], "titles": {}, "complaint_ids": [],
        "deadline_days": None, "reply_to": None}, date, mid))

    with open(os.path.join(OUT, "041-zh-seller-inbox.mbox"), "wb") as f:
        f.write(mbox(msgs))
    write_expected(os.path.join(OUT, "041-zh-seller-inbox.expected.json"), exps)


GENERATORS = [n021, n022, n023, n024, n025, n026, n027, n028, n029, n030, n031,
              n032, n033, n034, n035, n036, n037, n038, n039, n040, n041]

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for g in GENERATORS:
        g()
    print("wrote %d generated notice files to %s" % (len(GENERATORS), OUT))
