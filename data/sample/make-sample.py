#!/usr/bin/env python3
"""Writes the bundled training deployment "Contoso Korea" (a fictional
company) in every form pcmigrate ships it:

  data/sample/contoso.xml        the legacy snapshot (snapshot-format.md)
  data/sql/legacy-schema.sql     CREATE TABLE for the legacy tables
  data/sql/sample-data.sql       the same rows as INSERTs
  data/sql/msdb-schema.sql       msdb-like backupset / backupmediafamily
  data/sql/msdb-sample-data.sql  the sample's backup history as INSERTs

A developer tool: the build never runs it. It is deterministic (a fixed
seed, no clock, no environment), so running it again gives byte-identical
files. Python 3 standard library only.

Usage: python3 data/sample/make-sample.py [--check]   (from anywhere)
  --check   write nothing; exit 1 if a checked-in file differs.

The rooms that exercise each migration rule are planned in this file and
asserted at the end (see check_plan), so an edit that loses a case fails
here, not in a trainer's walk-through. data/sample/README.md describes them.
"""

import datetime
import os
import random
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

SEED = 20130201
NS = uuid.UUID("6f0c5a3e-2b1d-4c8e-9a77-0c0750c0ffee")   # uuid5 namespace
TICKS_AT_EPOCH = 621355968000000000
KST = datetime.timezone(datetime.timedelta(minutes=540))
UTC = datetime.timezone.utc

SERVER = "KRSEL-SQL01\\GROUPCHAT"
DATABASE = "GroupChatDB"
TAKEN_AT = "2013-02-01T09:00:00Z"
LOOKUP_URI = "sip:ocschat@contoso.com"
OFFSET_MIN = 540
SEP = "/"
LIMIT = 256


def guid(*parts):
	"""A stable GUID for an object, upper case as SQL Server shows it."""
	return str(uuid.uuid5(NS, "/".join(str(p) for p in parts))).upper()


def ticks(dt):
	""".NET ticks (100 ns since 0001-01-01 UTC) of an aware datetime."""
	delta = dt.astimezone(UTC) - datetime.datetime(1970, 1, 1, tzinfo=UTC)
	return TICKS_AT_EPOCH + (delta.days * 86400 + delta.seconds) * 10**7 \
		+ delta.microseconds * 10


def kst(y, mo, d, h=9, mi=0, s=0):
	return datetime.datetime(y, mo, d, h, mi, s, tzinfo=KST)


def u16len(s):
	"""Length in UTF-16 code units, as nvarchar counts."""
	return len(s.encode("utf-16-le")) // 2


# ---------------------------------------------------------------------------
# Principal types and role types (static tables)

PTYPES = [
	# ptypeID, ptypeDesc, IsSystemUser, IsUser, IsFederated
	(1, "Any", 0, 0, 0),
	(2, "AnyUser", 0, 1, 0),
	(3, "AnyGroup", 0, 0, 0),
	(4, "SystemUser", 1, 1, 0),
	(5, "User", 0, 1, 0),
	(6, "ExternalUser", 0, 1, 0),
	(7, "FederatedUser", 0, 1, 1),
	(8, "DC", 0, 0, 0),
	(9, "Group", 0, 0, 0),
	(10, "Folder", 0, 0, 0),
	(11, "Federated Group", 0, 0, 1),
]
PT_SYSTEM, PT_USER, PT_FEDUSER, PT_GROUP, PT_FOLDER, PT_FEDGROUP = 4, 5, 7, 9, 10, 11

RTYPES = [
	# rtypeID, rtypeDesc, rtypeAllowedPermSet, honorsOverride, honorsScope
	(1, "Member", 7, 1, 1),
	(2, "Manager", 255, 0, 0),
	(3, "Voiced", 15, 1, 1),
	(4, "Creator", 31, 0, 1),
]
R_MEMBER, R_MANAGER, R_VOICED, R_CREATOR = 1, 2, 3, 4

# ---------------------------------------------------------------------------
# People. (surname hangul, surname roman), (given hangul, given roman)

SURNAMES = [("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"),
	("정", "Jung"), ("강", "Kang"), ("조", "Cho"), ("윤", "Yoon"),
	("장", "Jang"), ("임", "Lim"), ("한", "Han"), ("오", "Oh"),
	("서", "Seo"), ("신", "Shin"), ("권", "Kwon"), ("황", "Hwang"),
	("안", "Ahn"), ("송", "Song"), ("홍", "Hong"), ("유", "Yoo")]
GIVEN = [("민준", "Min-jun"), ("서연", "Seo-yeon"), ("지훈", "Ji-hoon"),
	("하은", "Ha-eun"), ("도윤", "Do-yoon"), ("수빈", "Su-bin"),
	("현우", "Hyun-woo"), ("지민", "Ji-min"), ("예준", "Ye-jun"),
	("서영", "Seo-young"), ("건우", "Geon-woo"), ("유진", "Yu-jin"),
	("준서", "Jun-seo"), ("민지", "Min-ji"), ("성민", "Sung-min"),
	("은지", "Eun-ji"), ("동현", "Dong-hyun"), ("지영", "Ji-young"),
	("태호", "Tae-ho"), ("혜진", "Hye-jin"), ("상우", "Sang-woo"),
	("나연", "Na-yeon"), ("재원", "Jae-won"), ("소희", "So-hee"),
	("영호", "Young-ho"), ("미경", "Mi-kyung"), ("승현", "Seung-hyun"),
	("가은", "Ga-eun"), ("우진", "Woo-jin"), ("보라", "Bo-ra")]

# department key -> (group sAMAccountName, display name, OU, headcount)
DEPTS = [
	("it", "SG-KR-IT", "IT Infrastructure", "Seoul", 9),
	("eng", "SG-KR-Engineering", "Engineering", "Seoul", 12),
	("sales", "SG-KR-Sales", "Sales (영업본부)", "Seoul", 10),
	("mkt", "SG-KR-Marketing", "Marketing", "Seoul", 5),
	("busan", "SG-KR-Busan-Plant", "Busan Plant", "Busan", 8),
	("exec", "SG-KR-Executives", "Executive Office", "Seoul", 5),
	("legal", "SG-KR-Legal", "Legal & Compliance", "Seoul", 3),
	("hr", "SG-KR-HR", "HR & General Affairs (인사총무팀)", "Seoul", 4),
]


class Principal:
	def __init__(self, pid, ptype, uri, name=None, company=None, email=None,
	             adpath=None, upn=None, disabled=0, dept=None, lang="ko"):
		self.id, self.type, self.uri, self.name = pid, ptype, uri, name
		self.company, self.email, self.adpath, self.upn = company, email, adpath, upn
		self.disabled, self.dept, self.lang = disabled, dept, lang
		self.guid = guid("principal", uri)


principals = []
by_uri = {}


def add_principal(*a, **kw):
	p = Principal(len(principals) + 100, *a, **kw)
	principals.append(p)
	by_uri[p.uri] = p
	return p


def add_user(alias, name, dept, ou="Seoul", company="Contoso Korea",
             disabled=0, lang="ko", domain="contoso.com"):
	cn = name.split(" (")[0]
	return add_principal(PT_USER, "sip:%s@%s" % (alias, domain), name, company,
		"%s@%s" % (alias, domain),
		"CN=%s,OU=Users,OU=%s,OU=Contoso Korea,DC=contoso,DC=com" % (cn, ou),
		"%s@%s" % (alias, domain), disabled=disabled, dept=dept, lang=lang)


# The named people the README talks about come first.
U = {}
U["jihoon"] = add_user("jihoon.lee", "Lee Ji-hoon", "it")            # root manager
U["seoyeon"] = add_user("seoyeon.park", "박서연 (Park Seo-yeon)", "it")  # root manager
U["markh"] = add_principal(PT_USER, "sip:markh@contoso.com", "Mark Hanson",
	"Contoso Ltd.", "markh@contoso.com",
	"CN=Mark Hanson,OU=Users,OU=Redmond,OU=Contoso Ltd,DC=contoso,DC=com",
	"markh@contoso.com", dept="it", lang="en")                      # root manager (HQ)
U["dhchoi"] = add_user("donghyun.choi", "Choi Dong-hyun", "it", disabled=1)  # left 2011
U["ceo"] = add_user("taeho.kang", "강태호 (Kang Tae-ho)", "exec")      # CEO, presenter
U["cfo"] = add_user("mikyung.yoon", "Yoon Mi-kyung", "exec")
U["engdir"] = add_user("sungmin.han", "Han Sung-min", "eng")
U["salesdir"] = add_user("youngho.jung", "정영호 (Jung Young-ho)", "sales")
U["plant"] = add_user("jaewon.oh", "Oh Jae-won", "busan", ou="Busan")
U["counsel"] = add_user("hyejin.seo", "Seo Hye-jin", "legal")
U["hrlead"] = add_user("sohee.kwon", "권소희 (Kwon So-hee)", "hr")
U["mktlead"] = add_user("nayeon.song", "Song Na-yeon", "mkt")
U["svc"] = add_principal(PT_SYSTEM, "sip:svc-gcalerts@contoso.com",
	"Group Chat Alerts (SCOM)", "Contoso Korea", "svc-gcalerts@contoso.com",
	"CN=svc-gcalerts,OU=Service Accounts,OU=Contoso Korea,DC=contoso,DC=com",
	"svc-gcalerts@contoso.com", dept="it", lang="en")

_named_depts = {}
for p in principals:
	if p.dept and p.type == PT_USER:
		_named_depts.setdefault(p.dept, []).append(p)


def _make_staff():
	"""Fills each department to its headcount with generated staff,
	unique names and aliases, every fourth one displayed in Hangul."""
	rnd = random.Random(SEED)
	used = {p.uri for p in principals}
	n = 0
	for key, _grp, _disp, ou, head in DEPTS:
		have = len(_named_depts.get(key, []))
		while have < head:
			sh, sr = SURNAMES[rnd.randrange(len(SURNAMES))]
			gh, gr = GIVEN[rnd.randrange(len(GIVEN))]
			alias = "%s.%s" % (gr.replace("-", "").lower(), sr.lower())
			if "sip:%s@contoso.com" % alias in used:
				continue
			used.add("sip:%s@contoso.com" % alias)
			name = "%s %s" % (sr, gr)
			if n % 4 == 1:
				name = "%s%s (%s)" % (sh, gh, name)
			add_user(alias, name, key, ou=ou)
			have += 1
			n += 1


_make_staff()

# A few people who left: disabled principals (prinDisabled = 1).
U["left2"] = add_user("jimin.yoo", "Yoo Ji-min", "sales", disabled=1)

# Federated partners (no AD path: not in our forest).
FED = {}
FED["jsmith"] = add_principal(PT_FEDUSER, "sip:john.smith@fabrikam.com",
	"John Smith", "Fabrikam, Inc.", "john.smith@fabrikam.com", lang="en")
FED["pkoch"] = add_principal(PT_FEDUSER, "sip:pia.koch@fabrikam.com",
	"Pia Koch", "Fabrikam, Inc.", "pia.koch@fabrikam.com", lang="en")
FED["tanaka"] = add_principal(PT_FEDUSER, "sip:akiko.tanaka@litwareinc.com",
	"Akiko Tanaka", "Litware, Inc.", "akiko.tanaka@litwareinc.com", lang="en")
FED["wchen"] = add_principal(PT_FEDUSER, "sip:wei.chen@litwareinc.com",
	"Wei Chen", "Litware, Inc.", "wei.chen@litwareinc.com", lang="en")
FED["grp"] = add_principal(PT_FEDGROUP, "ma-grp:fabrikam.com/Contoso-Partner-Engineers",
	"Fabrikam partner engineers")

# Security groups, the OU folders and the company-wide group.
G = {}
for key, grp, disp, ou, head in DEPTS:
	G[key] = add_principal(PT_GROUP, "ma-grp:contoso.com/%s" % grp, disp,
		adpath="CN=%s,OU=Groups,OU=Contoso Korea,DC=contoso,DC=com" % grp)
G["all"] = add_principal(PT_GROUP, "ma-grp:contoso.com/SG-KR-AllStaff",
	"All Contoso Korea staff",
	adpath="CN=SG-KR-AllStaff,OU=Groups,OU=Contoso Korea,DC=contoso,DC=com")
F = {}
for ou in ("Seoul", "Busan"):
	F[ou] = add_principal(PT_FOLDER, "ma-grp:contoso.com/OU=%s" % ou,
		"OU %s" % ou, adpath="OU=Users,OU=%s,OU=Contoso Korea,DC=contoso,DC=com" % ou)

staff = [p for p in principals if p.type == PT_USER]
dept_members = {k: [p for p in staff if p.dept == k] for k, *_ in DEPTS}

affiliations = []
for p in staff:
	affiliations.append((p.id, G[p.dept].id))
	ou = "Busan" if "OU=Busan" in (p.adpath or "") else "Seoul"
	if "OU=Redmond" not in (p.adpath or ""):
		affiliations.append((p.id, F[ou].id))
for key, *_ in DEPTS:
	affiliations.append((G[key].id, G["all"].id))
affiliations.append((U["svc"].id, G["it"].id))
affiliations.append((FED["jsmith"].id, FED["grp"].id))
affiliations.append((FED["pkoch"].id, FED["grp"].id))

# ---------------------------------------------------------------------------
# Add-ins

ADDINS = [
	(guid("addin", "ticketview"), "Contoso IT Ticket Viewer",
		"https://helpdesk.contoso.com/gcaddin/ticketview.aspx"),
	(guid("addin", "plantdash"), "Busan Plant Line Dashboard",
		"https://mes.busan.contoso.com/dashboard/groupchat.html"),
]

# ---------------------------------------------------------------------------
# The tree. Each node is a dict of tblNode columns plus planning keys
# (leading underscore) that never reach the output.

nodes = []
node_by_name = {}
roles = []          # (nodeID, prinID, rtypeID)
scopes = []         # (nodeID, prinID)


def _node(name, parent, is_cat, desc="", topic="", invite=None, disabled=0,
          behavior=4, visibility=None, siop=None, inheritance=0,
          scope_change=1, override_member=0, logged=None, file_post=None,
          restrict=None, added=None, **plan):
	nid = len(nodes) + 1
	if parent is None:
		parent_id = nid
	else:
		parent_id = parent["nodeID"]
	if added is None:
		added = kst(2009, 3, 2, 10, 0)
	n = {
		"nodeID": nid, "nodeGuid": guid("node", nid, name),
		"parentID": parent_id, "nodeType": 1 if is_cat else 0,
		"nodeName": name, "nodeDesc": desc,
		"topic": topic, "filestoreURI": None,
		"inheritance": inheritance, "scopeChange": scope_change,
		"overrideMember": override_member, "invite": invite,
		"logged": logged, "filePost": file_post, "disabled": disabled,
		"restrictChildCreate": restrict, "behavior": behavior,
		"visibility": visibility, "siopID": siop,
		"nodeAddedBy": U["jihoon"].id, "nodeUpdatedBy": U["seoyeon"].id,
		"nodeAddedOn": ticks(added), "nodeUpdatedOn": ticks(added + datetime.timedelta(days=17)),
		"_parent": parent, "_plan": plan,
	}
	assert u16len(name) <= LIMIT, name
	nodes.append(n)
	node_by_name.setdefault(name, n)
	return n


def cat(name, parent, **kw):
	return _node(name, parent, True, **kw)


def room(name, parent, **kw):
	kw.setdefault("visibility", 6)
	kw.setdefault("logged", 1)
	return _node(name, parent, False, **kw)


def depth(n):
	d = 0
	while n["_parent"] is not None:
		n = n["_parent"]
		d += 1
	return d


def flat_name(n):
	"""R3: the final 2013 name of a room (or category)."""
	parts = []
	x = n if n["nodeType"] == 1 else n["_parent"]
	while x["_parent"] is not None:
		parts.append(x["nodeName"])
		x = x["_parent"]
	parts.reverse()
	if n["nodeType"] == 1:
		return SEP.join(parts) if parts else n["nodeName"]
	if len(parts) <= 1:
		return n["nodeName"]
	return SEP.join(parts) + SEP + n["nodeName"]


def role(node, who, rtype):
	roles.append((node["nodeID"], who.id, rtype))


# Planning keys on rooms:
#   team     department whose people talk there (or "fed", "all")
#   kind     message style (see MESSAGES)
#   weight   share of the messages
#   active   (first year, last year) of activity
#   lang     "ko", "en" or "mix"
#   files    True: people upload files there

ROOT = cat("Contoso", None, desc="Contoso Korea group chat (Seoul, Busan)",
	invite=None, scope_change=1, restrict=1, added=kst(2009, 2, 16, 14, 0))
ROOT["filestoreURI"] = "https://krsel-gc01.contoso.com/MGCWebService/MGCWebService.asmx"
for who in (U["jihoon"], U["seoyeon"], U["markh"]):
	role(ROOT, who, R_MANAGER)
role(ROOT, G["it"], R_CREATOR)
scopes.append((ROOT["nodeID"], G["all"].id))

# A room directly under the root (ROOT-ROOM).
LOBBY = room("Contoso Korea Lobby", ROOT, desc="Say hello, ask anything",
	topic="Welcome to Contoso Korea group chat! 환영합니다", team="all",
	kind="social", weight=5, active=(2009, 2013), lang="mix")
role(LOBBY, G["all"], R_MEMBER)

# --- Seoul Office -----------------------------------------------------------
SEOUL = cat("Seoul Office", ROOT, desc="Gangnam-gu, Seoul headquarters")
role(SEOUL, G["all"], R_MEMBER)
role(SEOUL, U["hrlead"], R_MANAGER)
r = room("Seoul Office Announcements", SEOUL, behavior=5, desc="Official notices",
	topic="Read-only: announcements from the Executive Office and GA",
	team="exec", kind="notice", weight=2, active=(2009, 2013), lang="mix")
role(r, U["ceo"], R_VOICED)
role(r, U["hrlead"], R_VOICED)
SEOUL_ANN = r
r = room("Facilities & Building Services", SEOUL, topic="12F/13F/14F requests",
	team="hr", kind="facilities", weight=3, active=(2009, 2013), lang="ko")
r = room("서울 점심 모임", SEOUL, topic="오늘 뭐 먹지?", team="all",
	kind="social", weight=3, active=(2010, 2013), lang="ko")
r = room("IT Service Desk", SEOUL, siop=ADDINS[0][0], topic="Ticket queue: http://helpdesk",
	team="it", kind="it", weight=5, active=(2009, 2013), lang="mix", files=True)
role(r, U["jihoon"], R_MANAGER)
role(r, G["all"], R_MEMBER)
IT_DESK = r
r = room("Founders' Day 2012", SEOUL, topic="Contoso Korea's 10th anniversary, 2012-06-15",
	team="hr", kind="social", weight=1, active=(2012, 2012), lang="mix")
r = room("Cost savings ideas ($)", SEOUL, topic="Every won counts",
	team="all", kind="social", weight=1, active=(2011, 2013), lang="mix")
# a room asking for invitations under an inherited-off chain (root NULL)
r = room("New Joiner Orientation", SEOUL, invite=1, topic="신규 입사자 안내",
	team="hr", kind="hr", weight=1, active=(2011, 2012), lang="ko", forced=True)
role(r, U["hrlead"], R_MANAGER)

# --- IT ---------------------------------------------------------------------
IT = cat("IT Infrastructure", ROOT, desc="Servers, network, UC")
role(IT, G["it"], R_MEMBER)
role(IT, U["jihoon"], R_MANAGER)
r = room("Server Operations", IT, topic="SCOM alerts and on-call", team="it",
	kind="ops", weight=8, active=(2009, 2013), lang="mix", alerts=True)
SERVER_OPS = r
role(r, U["svc"], R_MEMBER)
role(r, U["dhchoi"], R_MANAGER)       # DISABLED-PRINCIPAL: left in 2011
r = room("Network Team", IT, topic="WAN Seoul-Busan, MPLS, firewall changes",
	team="it", kind="ops", weight=4, active=(2009, 2012), lang="ko")
role(r, U["dhchoi"], R_MEMBER)
r = room("Quarterly IT Briefing", IT, behavior=5, topic="Quarterly IT update for staff",
	team="it", kind="notice", weight=1, active=(2011, 2013), lang="en")
IT_BRIEF = r        # auditorium without a Voiced presenter
role(r, G["all"], R_MEMBER)
role(r, U["jihoon"], R_MANAGER)
r = room("Lync 2010 Pilot", IT, disabled=1, topic="Pilot closed 2011-12",
	team="it", kind="it", weight=3, active=(2010, 2011), lang="mix", files=True)
PILOT = r

# --- Engineering: the deep chain ---------------------------------------------
ENG = cat("Engineering", ROOT, desc="R&D, Seoul and Busan")
role(ENG, G["eng"], R_MEMBER)
role(ENG, U["engdir"], R_MANAGER)
PLAT = cat("Platform Engineering", ENG, desc="Shared platforms and infrastructure software")
UCC = cat("Unified Communications and Collaboration Services (UC&C)", PLAT,
	desc="Lync, Exchange, SharePoint")
MIG = cat("Lync Server 2010 Group Chat to Lync Server 2013 Persistent Chat Migration Programme",
	UCC, desc="FY2013 programme")
CUT = cat("Seoul Data Centre (KR-SEL-DC1) Cutover and Decommissioning Working Group",
	MIG, desc="Workstream 4")
role(CUT, U["jihoon"], R_MANAGER)
# five category levels deep: Engineering (1) .. CUT (5); rooms at depth 6
r = room("Cutover", CUT, team="eng", kind="eng", weight=4, active=(2012, 2013),
	lang="en", files=True, expect_len=254)
r = room("Runbooks", CUT, team="eng", kind="eng", weight=2, active=(2012, 2013),
	lang="en", files=True, expect_len=255)
r = room("Checklist", CUT, team="eng", kind="eng", weight=2, active=(2012, 2013),
	lang="en", expect_len=256)
r = room("Comms plan", CUT, team="eng", kind="eng", weight=1, active=(2012, 2013),
	lang="mix", expect_len=257)
r = room("Rollback decisions", CUT, team="eng", kind="eng", weight=2, active=(2012, 2013),
	lang="en")
r = room("Risk and issue log for the weekend cutover of 2013-02-16 (owner: Han Sung-min)",
	CUT, team="eng", kind="eng", weight=2, active=(2012, 2013), lang="en")
r = room("Vendor coordination with Fabrikam professional services and the Microsoft "
	"Premier support team for the Persistent Chat migration (daily standing bridge, "
	"10:00 KST / 17:00 PST)", CUT, team="eng", kind="eng", weight=1,
	active=(2012, 2013), lang="en")
r = room("IP 전화 및 회의실 장비 이전", CUT, team="eng", kind="eng", weight=1,
	active=(2012, 2013), lang="ko")
r = room("Old cutover rehearsal notes (superseded, do not use)", CUT, disabled=1,
	team="eng", kind="eng", weight=1, active=(2012, 2012), lang="en")
EXACT = None
# A sibling category at depth 4 for names just around the limit.
TEST = cat("Pilot Users and Early Adopters (Seoul, Busan, Redmond liaison)", MIG,
	desc="Workstream 2")
r = room("General", TEST, team="eng", kind="eng", weight=2, active=(2012, 2013), lang="mix",
	expect_len=244)
# 257 UTF-16 units but 256 code points: U+1F600 counts 2 (R3)
r = room("Emoji test \U0001F600 (Lync)", TEST, team="eng", kind="eng", weight=1,
	active=(2012, 2013), lang="en", expect_len=257)
# Depth 3 rooms under UCC
r = room("Exchange 2010", UCC, team="it", kind="it", weight=2, active=(2010, 2013), lang="mix")
r = room("SharePoint 2010 Intranet (인트라넷)", UCC, team="it", kind="it", weight=2,
	active=(2010, 2013), lang="mix", files=True)
# Product engineering
PROD = cat("Product Development", ENG, desc="Hanbit product line")
r = room("Hanbit Firmware", PROD, team="eng", kind="eng", weight=6, active=(2009, 2013),
	lang="mix", files=True)
r = room("Hanbit QA", PROD, team="eng", kind="eng", weight=4, active=(2010, 2013), lang="ko")
r = room("Build Server Alerts", PROD, team="eng", kind="ops", weight=3, active=(2011, 2013),
	lang="en", alerts=True)
role(r, U["svc"], R_MEMBER)
r = room("Hanbit v1 (2009)", PROD, team="eng", kind="eng", weight=3, active=(2009, 2010),
	lang="mix")   # emptied by a 2011 cutoff

# --- Sales (Korean names, the Hangul chain) ------------------------------------
SALES = cat("영업본부", ROOT, desc="Sales division / 영업본부")
role(SALES, G["sales"], R_MEMBER)
role(SALES, U["salesdir"], R_MANAGER)
DOM = cat("국내영업 1그룹", SALES, desc="Domestic sales group 1")
FIN = cat("금융·공공 기업고객 전담 영업팀", DOM, desc="Financial & public sector accounts")
PRJ = cat("2012년 차세대 통합 커뮤니케이션 구축 사업 (Contoso 금융그룹 Lync 전환 프로젝트)",
	FIN, desc="Key account programme 2012")
KRL = cat("제안서 작성 및 기술 검토 태스크포스 (Proposal & Technical Review Task Force)",
	PRJ, desc="5 levels deep, Hangul")
r = room("주간 회의", KRL, team="sales", kind="sales", weight=3, active=(2012, 2013), lang="ko")
r = room("제안서 초안", KRL, team="sales", kind="sales", weight=2, active=(2012, 2013),
	lang="ko", files=True)
r = room("2013년 1분기 금융그룹 계열사별 Lync 2013 전환 일정, 사용자 교육 계획, 그리고 "
	"기존 그룹 채팅 대화방 이관 범위에 대한 고객사 협의 내용 정리 (영업대표, 기술지원팀 "
	"전용 대화방)", KRL, team="sales", kind="sales", weight=2, active=(2012, 2013),
	lang="ko", expect_len=256)
r = room("[긴급] 금융감독원 전자금융감독규정 개정에 따른 메신저 대화 기록 보존 요건 검토 및 "
	"고객사 보안팀 질의 응답 대응방 — 법무팀, 기술지원팀, 영업대표 공동 참여 (2012년 11월 "
	"~ 2013년 3월, 외부 공유 금지, 대화 내용은 감사 대응 자료로 보관됨)", KRL, team="sales",
	kind="legal", weight=2, active=(2012, 2013), lang="ko", expect_len=293)
r = room("고객사 요구사항 정리 및 기술 검토 결과 공유방 (RFP 2012-117, 금융그룹 본사 및 "
	"계열사 6곳, 보안 심사 및 망분리 환경 검토 포함, 2012년 10월 착수, 2013년 3월 완료 "
	"예정)", KRL, expect_len=259, team="sales", kind="sales", weight=2,
	active=(2012, 2013), lang="ko")
r = room("가격 협상", PRJ, team="sales", kind="sales", weight=2, active=(2012, 2013), lang="ko")
r = room("계약 현황", FIN, team="sales", kind="sales", weight=3, active=(2010, 2013), lang="ko")
r = room("Weekly Pipeline Review", SALES, team="sales", kind="sales", weight=5,
	active=(2009, 2013), lang="mix")
PIPE1 = r
OVS = cat("해외영업", SALES, desc="Overseas sales")
r = room("Japan & China Accounts", OVS, team="sales", kind="sales", weight=3,
	active=(2010, 2013), lang="en")

# --- Marketing -----------------------------------------------------------------
MKT = cat("Marketing", ROOT, desc="Brand, campaigns, events")
role(MKT, G["mkt"], R_MEMBER)
role(MKT, U["mktlead"], R_MANAGER)
r = room("Campaign Pipeline", MKT, team="mkt", kind="mkt", weight=2,
	active=(2011, 2013), lang="mix")
PIPE2 = r
r = room("Project Hanbit Launch", MKT, team="mkt", kind="mkt", weight=3,
	active=(2012, 2013), lang="mix", files=True)
r = room("Campaigns 2010", MKT, team="mkt", kind="mkt", weight=2, active=(2010, 2010),
	lang="mix", disabled=1)

# --- Busan Plant -------------------------------------------------------------------
BUSAN = cat("Busan Plant", ROOT, desc="부산 공장 (Gangseo-gu, Busan)")
role(BUSAN, G["busan"], R_MEMBER)
role(BUSAN, U["plant"], R_MANAGER)
r = room("Production Line 3", BUSAN, siop=ADDINS[1][0], team="busan", kind="plant",
	weight=6, active=(2009, 2013), lang="ko", alerts=True)
r = room("안전관리", BUSAN, team="busan", kind="plant", weight=2, active=(2009, 2013),
	lang="ko")
r = room("Quality Assurance", BUSAN, visibility=3, team="busan", kind="plant", weight=3,
	active=(2010, 2013), lang="mix", files=True)
QA_BUSAN = r
role(r, U["plant"], R_MANAGER)
# collides (case-insensitively) with Marketing's "Project Hanbit Launch"
r = room("Project Hanbit launch", BUSAN, team="busan", kind="mkt", weight=2,
	active=(2012, 2013), lang="ko")
r = room("Line 1 Retrofit 2009", BUSAN, team="busan", kind="plant", weight=2,
	active=(2009, 2009), lang="ko")

# --- Executive Office (invitations) -------------------------------------------------
EXEC = cat("Executive Office", ROOT, invite=1, visibility=None, desc="CEO staff")
role(EXEC, G["exec"], R_MEMBER)
role(EXEC, U["ceo"], R_MANAGER)
r = room("CEO Town Hall", EXEC, behavior=5, invite=1, team="exec", kind="notice",
	weight=2, active=(2010, 2013), lang="mix")
TOWNHALL = r
role(r, G["all"], R_MEMBER)
role(r, U["ceo"], R_VOICED)
role(r, U["cfo"], R_VOICED)
BOARD = cat("Board Relations", EXEC, invite=0, desc="Invitations off since 2011")
r = room("Board Meeting Prep", BOARD, invite=1, visibility=2, team="exec", kind="exec",
	weight=2, active=(2010, 2013), lang="mix", forced=True)
role(r, U["cfo"], R_MANAGER)
r = room("Audit Committee", BOARD, invite=1, visibility=2, team="exec", kind="exec",
	weight=1, active=(2011, 2013), lang="en", forced=True, files=True)
r = room("이사회 회의록", BOARD, invite=None, visibility=2, team="exec", kind="exec",
	weight=1, active=(2011, 2013), lang="ko")
LEAD = cat("Leadership Team", EXEC, desc="invite NULL: inherits on")
r = room("Leadership Offsite 2012", LEAD, invite=1, visibility=2, team="exec",
	kind="exec", weight=1, active=(2012, 2012), lang="mix")
r = room("Staff Meeting", LEAD, invite=0, visibility=3, team="exec", kind="exec",
	weight=2, active=(2009, 2013), lang="mix")

# --- Legal (inherited off) ---------------------------------------------------------
LEGAL = cat("Legal & Compliance", ROOT, invite=0, desc="법무팀")
role(LEGAL, G["legal"], R_MEMBER)
CONTR = cat("Contracts", LEGAL, invite=None, desc="invite NULL: inherits off")
r = room("Vendor Contract Reviews", CONTR, invite=1, visibility=3, team="legal",
	kind="legal", weight=2, active=(2009, 2013), lang="mix", forced=True, files=True)
role(r, U["counsel"], R_MANAGER)
r = room("개인정보보호 점검", LEGAL, visibility=3, team="legal", kind="legal", weight=1,
	active=(2011, 2013), lang="ko")

# --- HR -------------------------------------------------------------------------------
HR = cat("인사총무팀", ROOT, desc="HR & General Affairs")
role(HR, G["hr"], R_MEMBER)
r = room("채용 2012", HR, visibility=2, team="hr", kind="hr", weight=2,
	active=(2012, 2012), lang="ko")
r = room("복리후생 문의", HR, team="hr", kind="hr", weight=2, active=(2010, 2013), lang="ko")
role(r, G["all"], R_MEMBER)

# --- Partners (federation) ---------------------------------------------------------------
PART = cat("Partners", ROOT, desc="Rooms shared with federated partners")
role(PART, FED["grp"], R_MEMBER)          # every migrated room below: FEDERATED
role(PART, U["engdir"], R_MANAGER)
r = room("Fabrikam Joint Engineering", PART, team="fed", kind="partner", weight=4,
	active=(2011, 2013), lang="en", files=True)
role(r, FED["jsmith"], R_MEMBER)
role(r, FED["pkoch"], R_MEMBER)
role(r, G["eng"], R_MEMBER)
r = room("Litware Support Bridge", PART, visibility=3, team="fed", kind="partner",
	weight=2, active=(2012, 2013), lang="en")
role(r, FED["tanaka"], R_MANAGER)
role(r, FED["wchen"], R_MEMBER)
scopes.append((r["nodeID"], FED["tanaka"].id))
scopes.append((r["nodeID"], FED["wchen"].id))
r = room("Fabrikam Pilot 2010", PART, disabled=1, team="fed", kind="partner", weight=1,
	active=(2010, 2010), lang="en")
role(r, FED["jsmith"], R_MEMBER)

# --- Archive (disabled rooms) ------------------------------------------------------------
ARCH = cat("Archive", ROOT, desc="Closed projects, kept read-only")
r = room("Windows 7 Rollout 2010", ARCH, disabled=1, team="it", kind="it", weight=2,
	active=(2010, 2010), lang="mix")
r = room("2009 Seoul office move (강남 이전)", ARCH, disabled=1, team="hr",
	kind="facilities", weight=2, active=(2009, 2009), lang="ko")
r = room("Sales Kick-off 2011", ARCH, team="sales", kind="sales", weight=1,
	active=(2011, 2011), lang="mix")

# Scopes on a few categories (narrowed where scopeChange allows).
scopes.append((EXEC["nodeID"], G["exec"].id))
scopes.append((BUSAN["nodeID"], G["busan"].id))
scopes.append((BUSAN["nodeID"], G["eng"].id))
scopes.append((LEGAL["nodeID"], G["legal"].id))
scopes.append((PART["nodeID"], FED["grp"].id))
scopes.append((PART["nodeID"], G["eng"].id))
scopes.append((PART["nodeID"], G["sales"].id))

# Disabled principal holding a role in a room of the Sales chain too.
role(PIPE1, U["left2"], R_MEMBER)
role(PIPE1, U["salesdir"], R_MANAGER)
role(PIPE2, U["mktlead"], R_MANAGER)

rooms = [n for n in nodes if n["nodeType"] == 0]
cats = [n for n in nodes if n["nodeType"] == 1]

# Who left the company, and when (they stop posting; prinDisabled = 1).
LEFT = {U["dhchoi"].id: kst(2011, 5, 31, 18), U["left2"].id: kst(2012, 3, 30, 18)}

# Auto-invitations pending (tblPrincipalInvites), on rooms that invite.
INVITES = [
	(U["cfo"], TOWNHALL, "2012-10-04T09:12:33.157"),
	(U["engdir"], TOWNHALL, "2012-10-04T09:12:33.160"),
	(U["salesdir"], TOWNHALL, "2012-10-04T09:12:33.163"),
	(U["plant"], TOWNHALL, "2012-10-04T09:12:33.167"),
	(U["cfo"], node_by_name["Board Meeting Prep"], "2012-11-19T14:02:10.000"),
	(U["counsel"], node_by_name["Audit Committee"], "2012-12-03T10:45:00.540"),
	(U["engdir"], node_by_name["Leadership Offsite 2012"], "2012-05-21T16:20:07.093"),
	(U["mktlead"], node_by_name["Leadership Offsite 2012"], "2012-05-21T16:20:07.097"),
	(U["hrlead"], node_by_name["New Joiner Orientation"], "2012-02-01T08:55:41.327"),
]

# Backup history (msdb.backupset), times in server local time (UTC+9).
# The newest good full backup (2013-01-31 20:20 KST = 11:20Z) finishes a
# few hours BEFORE the newest message (23:32 KST = 14:32Z): R1 blocks. The
# damaged full taken after it does not count, nor do differential or log
# backups. Compared naively as UTC the 20:20 backup would look newer than
# the last message: the offset matters.
BACKUPS = [
	# type, start, finish, copy_only, damaged, device
	("D", "2013-01-13T02:00:00.000", "2013-01-13T02:41:17.253", 0, 0,
		"E:\\SQLBackup\\GroupChatDB\\GroupChatDB_FULL_20130113.bak"),
	("D", "2013-01-20T02:00:00.000", "2013-01-20T02:43:05.117", 0, 0,
		"E:\\SQLBackup\\GroupChatDB\\GroupChatDB_FULL_20130120.bak"),
	("I", "2013-01-23T02:00:00.000", "2013-01-23T02:06:48.610", 0, 0,
		"E:\\SQLBackup\\GroupChatDB\\GroupChatDB_DIFF_20130123.bak"),
	("D", "2013-01-27T02:00:00.000", "2013-01-27T02:44:52.730", 0, 0,
		"E:\\SQLBackup\\GroupChatDB\\GroupChatDB_FULL_20130127.bak"),
	("D", "2013-01-29T13:10:02.000", "2013-01-29T13:52:40.497", 1, 0,
		"\\\\krsel-fs01\\Migration\\GroupChatDB_copyonly_20130129.bak"),
	("I", "2013-01-30T02:00:00.000", "2013-01-30T02:07:11.903", 0, 0,
		"E:\\SQLBackup\\GroupChatDB\\GroupChatDB_DIFF_20130130.bak"),
	("D", "2013-01-31T19:35:00.000", "2013-01-31T20:20:14.253", 0, 0,
		"E:\\SQLBackup\\GroupChatDB\\GroupChatDB_FULL_20130131_premigration.bak"),
	("L", "2013-01-31T22:00:00.000", "2013-01-31T22:01:09.360", 0, 0,
		"E:\\SQLBackup\\GroupChatDB\\GroupChatDB_LOG_201301312200.trn"),
	("D", "2013-02-01T01:00:00.000", "2013-02-01T01:24:33.017", 0, 1,
		"E:\\SQLBackup\\GroupChatDB\\GroupChatDB_FULL_20130201.bak"),
	("L", "2013-02-01T04:00:00.000", "2013-02-01T04:00:51.440", 0, 0,
		"E:\\SQLBackup\\GroupChatDB\\GroupChatDB_LOG_201302010400.trn"),
]

FIRST_DAY = kst(2009, 3, 2)
LAST_RANDOM = kst(2013, 1, 31, 19, 0)    # ordinary traffic ends here
TOTAL_MESSAGES = 4600

# ---------------------------------------------------------------------------
# Message text. {name} a colleague, {n} a small number, {big} a larger one,
# {ticket} a ticket id, {day} a weekday, {time} a time, {cust} a customer,
# {pct} a percentage. Per kind: English lines and Korean lines.

COMMON_EN = [
	"Thanks {name}!", "ok, will do", "On a call, back in 10 min",
	"Can someone take a look at this before {time}?", "Agreed.",
	"Let's discuss at the {day} meeting.", "Sorry, I missed that. Can you repeat?",
	"Morning all", "I'll send the minutes by end of day.",
	"+1", "Got it, thanks.", "Who owns this one?", "Done.",
	"Moving this to email, it's getting long.",
	"FYI {name} is out today, please ping me instead.",
]
COMMON_KO = [
	"감사합니다 {name}님!", "네, 확인했습니다.", "잠시 회의 들어갑니다. 10분 후에 다시 볼게요.",
	"{time}까지 검토 부탁드립니다.", "좋습니다.", "{day} 회의 때 다시 얘기하시죠.",
	"좋은 아침입니다~", "회의록은 오늘 중으로 공유드리겠습니다.", "수고하셨습니다!",
	"이 건 담당자가 누구신가요?", "처리 완료했습니다.", "메일로 정리해서 보내드릴게요.",
	"{name}님 오늘 휴가셔서 저한테 연락 주세요.", "ㅇㅋ 확인~", "넵 알겠습니다",
]

MESSAGES = {
	"social": (
		["Anyone up for lunch at the galbi place on {day}?",
		 "Coffee run to the 1st floor, who wants something?",
		 "Happy birthday {name}! 🎂 cake in the 12F pantry",
		 "Heavy snow this morning, line 2 is delayed, take care",
		 "Welcome to our new colleagues joining this week!",
		 "Company softball game on Saturday, sign-up sheet is on the intranet"],
		["오늘 점심 뭐 드실 분? 회사 앞 국밥집 어때요",
		 "{day} 저녁 회식 장소는 역삼역 근처 고깃집입니다",
		 "1층 카페 가는데 필요한 거 있으신 분?", "오늘 미세먼지 심하네요. 마스크 챙기세요",
		 "{name}님 생일 축하드려요! 🎉", "비 많이 와요. 우산 챙기세요~",
		 "이번 주 금요일 볼링 동호회 모임 있습니다. 참석 여부 알려주세요"]),
	"notice": (
		["Reminder: the all-hands starts at {time} in the 14F auditorium.",
		 "Q{q} results summary is posted on the intranet.",
		 "The office will be closed on {day} for the public holiday.",
		 "Please complete the annual security awareness training by the end of the month.",
		 "Town hall recording is now available on the portal."],
		["[공지] {day} {time} 전 직원 타운홀 미팅이 있습니다.",
		 "[공지] 연말정산 서류 제출 마감은 이번 주 금요일입니다.",
		 "[공지] 설 연휴 기간 사옥 출입 안내드립니다.",
		 "[공지] 개인정보보호 교육 미이수자는 이번 달 말까지 완료해 주세요.",
		 "[안내] {q}분기 경영실적 요약이 인트라넷에 게시되었습니다."]),
	"facilities": (
		["The 13F meeting room B projector is broken again.",
		 "Air conditioning on 12F will be serviced on {day} morning.",
		 "Parking registration for new cars: send your plate number to GA."],
		["12층 회의실 A 예약 시스템 오류 있습니다. 확인 부탁드려요.",
		 "{day} 오전에 14층 소방 점검이 있습니다.", "복합기 토너 교체 요청드립니다 (13층 동쪽).",
		 "주차 등록은 총무팀으로 차량번호 보내주세요.", "택배 보관함 위치가 1층 로비로 변경되었습니다."]),
	"it": (
		["My Outlook keeps asking for the password since this morning. {ticket}",
		 "VPN is slow from the Busan site again, anyone else?",
		 "Ticket {ticket} resolved: mailbox quota increased to 2 GB.",
		 "Please reboot after the patch, KB2723135 needs it.",
		 "The new laptops (T430) arrive on {day}, imaging starts {time}.",
		 "Lync client 4.0.7577.4103 is rolled out to pilot users.",
		 "Password reset done, please sign in again."],
		["아웃룩 연결이 자꾸 끊깁니다. {ticket} 접수했어요.",
		 "부산 사이트 VPN 속도가 또 느리네요.", "{ticket} 처리 완료: 공유 폴더 권한 추가했습니다.",
		 "프린터 드라이버 배포는 {day} 저녁에 진행합니다.",
		 "Lync 로그인이 안 되는 분은 로그아웃 후 다시 로그인해 보세요.",
		 "윈도우 업데이트 후 재부팅 꼭 해주세요."]),
	"ops": (
		["Disk on KRSEL-EX02 at {pct}%, cleaning up logs.",
		 "Failover test for the SQL cluster is scheduled {day} {time}.",
		 "Change CHG-{big} approved for the weekend window.",
		 "Backup job finished, {n} warnings, looking into it.",
		 "Rebooting KRSEL-GC01 for patching, Group Chat down ~10 min.",
		 "Patch Tuesday: {n} servers left, finishing tonight.",
		 "Who changed the DNS TTL on contoso.com? Propagation is slow.",
		 "Certificate on the Edge server expires in {n} days, renewal CSR sent.",
		 "SQL01 CPU back to normal after the index rebuild.",
		 "On call this week: {name}. Escalation number is on the wiki.",
		 "MPLS circuit Seoul-Busan flapped twice, KT ticket opened."],
		["KRSEL-FS01 디스크 사용률 {pct}% 입니다. 정리 진행합니다.",
		 "주말 작업 CHG-{big} 승인되었습니다.", "방화벽 정책 변경 요청 {n}건 처리했습니다.",
		 "부산 회선 끊김 현상 KT에 장애 접수했습니다.", "백업 작업 완료, 경고 {n}건 확인 중입니다.",
		 "오늘 밤 {time}에 스위치 펌웨어 업그레이드 진행합니다.",
		 "이번 주 당직은 {name}님입니다.", "인증서 만료 {n}일 전입니다. 갱신 요청했습니다.",
		 "UPS 점검으로 {day} 새벽 전원 작업 있습니다.", "SQL01 인덱스 재구성 후 CPU 정상입니다."]),
	"eng": (
		["Build {ver} is green, promoting to QA.",
		 "Found the root cause: the watchdog timer resets before flash write completes.",
		 "Code review for the bootloader change, please: http://codereview/r/{big}",
		 "The cutover rehearsal took {n} hours, we need to get it under 4.",
		 "Export of the legacy database took {n} min in the lab.",
		 "Can we freeze the scope by {day}? Otherwise the {time} window slips.",
		 "Updated the runbook, section {n} has the rollback steps.",
		 "Regression on the Busan test rig, investigating.",
		 "Merged. Nightly will pick it up.", "Spec v{n} is on SharePoint, comments welcome.",
		 "The flaky test is back, disabling it until {day}.",
		 "Who has the JTAG adapter? It's not in the lab cabinet.",
		 "Benchmark: {pct}% faster boot with the new loader."],
		["빌드 {ver} 정상입니다. QA로 넘깁니다.",
		 "펌웨어 {ver}에서 메모리 누수 재현됐습니다.", "코드 리뷰 부탁드립니다: http://codereview/r/{big}",
		 "리허설 결과 {n}시간 소요, 목표는 4시간 이내입니다.", "테스트 장비 예약은 {day} 오후로 잡았습니다.",
		 "원인 찾았습니다. 타이머 설정 문제였어요.", "롤백 절차는 런북 {n}장 참고해 주세요.",
		 "머지했습니다. 오늘 나이틀리 빌드에 포함됩니다.", "사양서 {n}차 수정본 셰어포인트에 올렸습니다.",
		 "JTAG 장비 누가 가져가셨나요?", "부팅 시간 {pct}% 단축 확인했습니다."]),
	"sales": (
		["Pipeline for Q{q}: {big} million KRW weighted, {n} deals in commit.",
		 "{cust} wants a revised quote by {day}.",
		 "Lost the {cust} deal on price, debrief {time}.",
		 "Forecast sheet is updated, please check your rows.",
		 "PO received from {cust}!",
		 "Meeting with the {cust} procurement team moved to {day} {time}.",
		 "{cust} asked for references in the financial sector.",
		 "Discount above {n}% needs the director's approval.",
		 "Demo at {cust} went well, they want a pilot in Q{q}."],
		["{cust} 견적 수정본 {day}까지 보내야 합니다.", "{q}분기 파이프라인 업데이트 부탁드립니다.",
		 "{cust} 발주서 받았습니다! 👏", "{cust} 구매팀 미팅 {day} {time}로 변경되었습니다.",
		 "제안서 최종본 검토 부탁드립니다.", "가격 조건은 본부장님 승인 후 회신하겠습니다.",
		 "고객사 보안 심사 자료 준비 중입니다.", "{cust} 데모 잘 끝났습니다. {q}분기 파일럿 원하십니다.",
		 "할인율 {n}% 이상은 본부장님 승인 필요합니다.", "{cust} 담당자 교체됐습니다. 연락처 공유드립니다."]),
	"mkt": (
		["Launch event venue confirmed: COEX hall {n}.",
		 "Press release draft v{n} is ready for review.",
		 "Banner artwork is late, printer needs it by {day}.",
		 "Hanbit launch date is locked, no more changes please."],
		["한빛 출시 행사 장소 확정됐습니다.", "보도자료 초안 {n}차 수정본 올렸습니다.",
		 "전시회 부스 디자인 시안 검토 부탁드려요.", "SNS 캠페인 반응이 좋습니다. 클릭률 {pct}%."]),
	"plant": (
		["Line 3 output today: {big} units, yield {pct}%.",
		 "Material shortage on part C-{n}, supplier says {day}.",
		 "Maintenance window {day} {time}-{time2}.",
		 "Line 3 stopped {n} minutes for a jam, running again.",
		 "Customer audit from {cust} next {day}, please tidy the line."],
		["3라인 금일 생산량 {big}개, 수율 {pct}% 입니다.", "C-{n} 부품 재고 부족, 협력사 입고 예정일 {day}.",
		 "{day} {time} 설비 정기 점검 예정입니다.", "안전모 착용 철저히 부탁드립니다.",
		 "불량 원인 분석 결과 공유드립니다.", "야간조 인수인계 사항 확인 부탁드립니다.",
		 "금형 교체 작업 {n}시간 소요 예정입니다.", "컨베이어 벨트 이상음 있습니다. 설비팀 확인 바랍니다.",
		 "협력사 입고 검사 불합격 {n}건입니다.", "이번 달 무재해 {big}시간 달성했습니다 👍"]),
	"exec": (
		["Board pack v{n} circulated, comments by {day}.",
		 "Please keep the Q{q} numbers confidential until the announcement.",
		 "Agenda for {day}: budget, headcount, Busan expansion."],
		["이사회 자료 {n}차본 공유드립니다. {day}까지 의견 주세요.",
		 "{q}분기 실적은 공시 전까지 대외비입니다.", "{day} 경영회의 안건: 예산, 인력 계획, 부산 증설."]),
	"legal": (
		["NDA with {cust} signed, filed under Contracts/{big}.",
		 "Please don't share customer personal data in chat rooms.",
		 "Redline of the {cust} MSA attached to the ticket."],
		["{cust} 비밀유지계약서 날인 완료했습니다.", "대화방에 고객 개인정보 올리지 마세요.",
		 "계약서 검토 의견 회신드렸습니다.", "감사 대응 자료 목록 업데이트했습니다."]),
	"hr": (
		["Interview schedule for {day} is in the shared calendar.",
		 "Onboarding checklist updated for new joiners."],
		["{day} 면접 일정 공유드립니다.", "신규 입사자 교육은 {time}에 시작합니다.",
		 "연차 사용 계획 제출 부탁드립니다.", "건강검진 일정 안내드립니다."]),
	"partner": (
		["Hi team, Fabrikam here. Test build {ver} is on the FTP.",
		 "We see the same issue on our side, logs attached.",
		 "Call at {time} KST works for us.", "Can you confirm the SIP domain for the federation test?",
		 "Thanks, the fix works in our lab.", "Weekly sync notes: {n} open items."],
		["Fabrikam 쪽 답변 받았습니다.", "Litware 지원팀과 {time}에 통화 예정입니다."]),
}

CUSTOMERS = ["Woodgrove Bank", "Northwind Traders", "Tailspin Toys", "Adventure Works",
	"한빛금융그룹", "대한생명", "Fourth Coffee", "A. Datum", "Coho Winery", "서울시청"]
FILES = ["Q{q}_forecast.xlsx", "runbook_v{n}.docx", "cutover_plan.pptx",
	"line3_yield_{y}.xlsx", "제안서_최종.pptx", "board pack v{n}.pdf", "network diagram.vsd",
	"회의록_{y}.docx", "test-results-{ver}.zip", "contract redline.docx"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEKDAYS_KO = ["월요일", "화요일", "수요일", "목요일", "금요일"]


def first_name(p, lang):
	"""How colleagues address p in a message."""
	name = p.name or ""
	if "(" in name:
		hangul, roman = name.split(" (", 1)
		return hangul[1:] if lang == "ko" else roman.rstrip(")").split(" ", 1)[1]
	parts = name.split(" ")
	if len(parts) < 2:
		return name
	if p.company == "Contoso Korea":
		return parts[1]                     # "Lee Ji-hoon" -> "Ji-hoon"
	return parts[0]


def fill(text, rnd, lang, people, when):
	days = WEEKDAYS_KO if lang == "ko" else WEEKDAYS_EN
	h = rnd.randrange(9, 18)
	time = ("%d시" % (h if h <= 12 else h - 12)) if lang == "ko" else "%d:%02d" % (h, rnd.choice((0, 30)))
	vals = {
		"name": first_name(rnd.choice(people), lang), "n": rnd.randrange(2, 12),
		"big": rnd.randrange(120, 9800), "ticket": "INC%07d" % rnd.randrange(10000, 999999),
		"day": rnd.choice(days), "time": time, "time2": "%d:00" % (h + 2),
		"cust": rnd.choice(CUSTOMERS), "pct": rnd.randrange(62, 99),
		"q": (when.month - 1) // 3 + 1, "y": when.year,
		"ver": "%d.%d.%d" % (when.year - 2008, rnd.randrange(0, 9), rnd.randrange(100, 999)),
	}
	return text.format(**vals)


def rtf_of(text):
	"""The RTF a Group Chat client stored beside the plain text (ASCII only,
	non-ASCII as \\uN? escapes with N a signed 16-bit code unit)."""
	out = []
	for ch in text:
		if ch in "\\{}":
			out.append("\\" + ch)
		elif ch == "\n":
			out.append("\\par ")
		elif ord(ch) < 128:
			out.append(ch)
		else:
			for unit in (ch.encode("utf-16-le")[i:i + 2] for i in range(0, u16len(ch) * 2, 2)):
				v = int.from_bytes(unit, "little")
				out.append("\\u%d?" % (v - 65536 if v > 32767 else v))
	return ("{\\rtf1\\ansi\\ansicpg949\\deff0{\\fonttbl{\\f0\\fnil\\fcharset129 Malgun Gothic;}}"
		"\\viewkind4\\uc1\\pard\\f0\\fs20 " + "".join(out) + "\\par}")


def posters_of(rm):
	"""Who talks in a room: its team; in an auditorium only the presenters
	(Voiced), or the managers when it has none."""
	if rm["behavior"] == 5:
		for want in (R_VOICED, R_MANAGER):
			ids = [pid for nid, pid, rt in roles if nid == rm["nodeID"] and rt == want]
			people = [p for p in principals if p.id in ids and p.type == PT_USER]
			if people:
				return people
	team = rm["_plan"]["team"]
	if team == "all":
		return [p for p in staff if p.company == "Contoso Korea"]
	if team == "fed":
		return [FED[k] for k in ("jsmith", "pkoch", "tanaka", "wchen")] + dept_members["eng"][:6]
	return dept_members[team]


def business_time(rnd, lo, hi):
	"""A random weekday office-hours moment between lo and hi (KST)."""
	span = (hi - lo).days
	for _ in range(100):
		d = lo + datetime.timedelta(days=rnd.randrange(max(span, 1)))
		if d.weekday() < 5 or rnd.random() < 0.05:
			break
	t = d.replace(hour=rnd.randrange(8, 19), minute=rnd.randrange(60), second=rnd.randrange(60))
	return min(max(t, lo), hi)


def make_messages():
	"""Per room: a sorted list of (when, poster, is_alert, content, rtf)."""
	total_w = sum(r["_plan"]["weight"] for r in rooms)
	out = {}
	for rm in rooms:
		plan = rm["_plan"]
		rnd = random.Random(SEED * 1000 + rm["nodeID"])
		y0, y1 = plan["active"]
		lo = max(FIRST_DAY, kst(y0, 1, 5)) + datetime.timedelta(days=rnd.randrange(0, 40))
		hi = min(LAST_RANDOM, kst(y1, 12, 22, 19))
		rm["nodeAddedOn"] = ticks(lo - datetime.timedelta(days=2, hours=3))
		rm["nodeUpdatedOn"] = ticks(lo + datetime.timedelta(days=rnd.randrange(3, 60)))
		count = round(TOTAL_MESSAGES * plan["weight"] / total_w * rnd.uniform(0.8, 1.2))
		people = posters_of(rm)
		kind = plan["kind"]
		en, ko = MESSAGES[kind]
		msgs = []
		for _ in range(count):
			when = business_time(rnd, lo, hi)
			who = rnd.choice(people)
			if who.id in LEFT and when > LEFT[who.id]:
				who = people[0] if people[0].id not in LEFT else U["jihoon"]
			lang = plan["lang"]
			if lang == "mix":
				lang = "ko" if (who.lang == "ko" and rnd.random() < 0.55) else "en"
			if who.type == PT_FEDUSER:
				lang = "en"
			pool = (ko if lang == "ko" else en)
			common = COMMON_KO if lang == "ko" else COMMON_EN
			text = fill(rnd.choice(pool if rnd.random() < 0.7 else common), rnd, lang, people, when)
			alert = 0
			roll = rnd.random()
			if plan.get("alerts") and roll < 0.25:
				who, alert = U["svc"], 1
				text = rnd.choice([
					"ALERT [{sev}] {host}: {what}", "ALERT [{sev}] {host}: {what} (cleared)"]).format(
					sev=rnd.choice(("Critical", "Warning", "Warning")),
					host=rnd.choice(("KRSEL-EX01", "KRSEL-EX02", "KRSEL-SQL01", "KRSEL-GC01",
						"KRBSN-MES01", "KRBSN-PLC03")),
					what=rnd.choice(("Free disk space below 10%", "Service stopped: MSExchangeIS",
						"CPU above 90% for 15 minutes", "Heartbeat failure",
						"Line 3 conveyor stopped", "Temperature sensor T-07 out of range")))
			elif plan.get("files") and roll < 0.07:
				fname = rnd.choice(FILES).format(q=(when.month - 1) // 3 + 1, n=rnd.randrange(2, 9),
					y=when.year, ver="%d.%d" % (when.year - 2008, rnd.randrange(9)))
				link = "ma-filelink://krsel-gc01.contoso.com/MGCFileStore/%d/%s/%s" % (
					rm["nodeID"], guid("file", rm["nodeID"], len(msgs)).lower(),
					fname.replace(" ", "%20"))
				text = (rnd.choice(["Uploaded {f}", "Here is {f}", "{f} 올렸습니다", "최신 파일: {f}"])
					.format(f=fname) + " " + link)
			elif roll < 0.09:
				text = "%s <a href=\"http://intranet.contoso.com/sites/%s/default.aspx\">intranet</a>" % (
					"See" if lang == "en" else "참고:", kind)
			elif roll < 0.10:
				text = "[STORY]%s\n%s\n%s" % (
					"Weekly summary" if lang == "en" else "주간 요약",
					fill(rnd.choice(pool), rnd, lang, people, when),
					fill(rnd.choice(pool), rnd, lang, people, when))
			elif kind == "notice" and roll < 0.3:
				alert = 1
			rtf = rtf_of(text) if (not alert and rnd.random() < 0.08) else None
			msgs.append((when, who, alert, text, rtf))
		msgs.sort(key=lambda m: m[0])
		out[rm["nodeID"]] = msgs
	# Late on 2013-01-31, after the pre-migration full backup (20:20 KST):
	late = [
		(node_by_name["Cutover"], kst(2013, 1, 31, 21, 10, 4), U["engdir"], 0,
			"Rehearsal #3 done, export took 47 min. Writing it up now."),
		(node_by_name["Cutover"], kst(2013, 1, 31, 21, 45, 30), U["jihoon"], 0,
			"Thanks. I'll take another full backup tomorrow morning before we touch anything."),
		(node_by_name["Cutover"], kst(2013, 1, 31, 22, 5, 12), U["seoyeon"], 0,
			"내일 아침 백업 확인 후 시작하겠습니다. 수고하셨습니다!"),
		(SERVER_OPS, kst(2013, 1, 31, 23, 32, 10), U["svc"], 1,
			"ALERT [Warning] KRSEL-SQL01: Log backup took longer than 15 minutes"),
	]
	for rm, when, who, alert, text in late:
		out[rm["nodeID"]].append((when, who, alert, text, None))
	return out

# ---------------------------------------------------------------------------
# Rows, in column order as legacy-schema.md lists them. None = SQL NULL.

def table_rows(msgs):
	"""Yields (table, [(column, value), ...]) in snapshot order: every
	non-chat row first, then tblChat ordered by (channelId, chatId)."""
	for t in PTYPES:
		yield "tblPrincipalType", list(zip(
			("ptypeID", "ptypeDesc", "ptypeIsSystemUser", "ptypeIsUser", "ptypeIsFederated"), t))
	for t in RTYPES:
		yield "tblRoleType", list(zip(
			("rtypeID", "rtypeDesc", "rtypeAllowedPermSet", "honorsOverride", "honorsScope"), t))
	for a in ADDINS:
		yield "tblSiopWhiteList", list(zip(("siopId", "siopName", "siopUrl"), a))
	for p in principals:
		yield "tblPrincipal", [
			("prinID", p.id), ("prinGuid", p.guid), ("prinUri", p.uri), ("prinName", p.name),
			("prinCompanyName", p.company), ("prinEmail", p.email), ("prinADPath", p.adpath),
			("prinADUserPrincipalName", p.upn), ("prinDisabled", p.disabled),
			("prinTypeID", p.type)]
	for a, b in affiliations:
		yield "tblPrincipalAffiliations", [("principalID", a), ("affiliationID", b)]
	for n in nodes:
		yield "tblNode", [(k, v) for k, v in n.items() if not k.startswith("_")]
	for nid, pid, rt in sorted(roles):
		yield "tblPrincipalRole", [
			("prinRoleNodeID", nid), ("prinRolePrinID", pid), ("prinRoleTypeID", rt),
			("prinRoleUpdatedBy", U["jihoon"].id),
			("honorsOverride", RTYPES[rt - 1][3]), ("honorsScope", RTYPES[rt - 1][4])]
	for nid, pid in sorted(scopes):
		yield "tblScopePrincipal", [("scopeNodeID", nid), ("scopePrinID", pid)]
	for i, (p, n, when) in enumerate(INVITES):
		yield "tblPrincipalInvites", [("prinID", p.id), ("invID", 501 + i),
			("nodeID", n["nodeID"]), ("createdOn", when)]
	for row in backup_rows():
		yield "backupset", row
	for row in media_rows():
		yield "backupmediafamily", row
	for rm in rooms:
		for i, (when, who, alert, text, rtf) in enumerate(msgs[rm["nodeID"]]):
			yield "tblChat", [("channelId", rm["nodeID"]), ("chatId", i + 1),
				("chatDate", ticks(when)), ("userId", who.id), ("isAlert", alert),
				("content", text), ("rtf", rtf)]


def backup_rows():
	"""msdb.dbo.backupset rows of the sample's database."""
	for i, (typ, start, finish, copy_only, damaged, dev) in enumerate(BACKUPS):
		row = [("backup_set_id", 7301 + i), ("media_set_id", 4101 + i),
			("database_name", DATABASE), ("name", "GroupChatDB-%s" % {
				"D": "Full Database Backup", "I": "Differential Database Backup",
				"L": "Transaction Log Backup"}[typ]),
			("type", typ), ("backup_start_date", start), ("backup_finish_date", finish),
			("is_copy_only", copy_only), ("is_damaged", damaged),
			("server_name", SERVER)]
		yield row


def media_rows():
	"""msdb.dbo.backupmediafamily rows: where each backup was written."""
	for i, b in enumerate(BACKUPS):
		yield [("media_set_id", 4101 + i), ("family_sequence_number", 1),
			("physical_device_name", b[5])]


def xml_attr(v):
	s = str(v)
	s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
	return s.replace("\r", "&#xD;").replace("\n", "&#xA;").replace("\t", "&#x9;")


def write_xml(msgs):
	out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
		'<!-- Contoso Korea: the pcmigrate training deployment (fictional).\n'
		'     Generated by data/sample/make-sample.py; see data/sample/README.md. -->\n',
		'<groupChatSnapshot formatVersion="1" server="%s" database="%s" takenAt="%s"'
		' serverUtcOffsetMinutes="%d" lookupServerUri="%s">\n' % (
			xml_attr(SERVER), DATABASE, TAKEN_AT, OFFSET_MIN, LOOKUP_URI)]
	for table, cols in table_rows(msgs):
		out.append("  <%s %s/>\n" % (table, " ".join(
			'%s="%s"' % (k, xml_attr(v)) for k, v in cols if v is not None)))
	out.append("</groupChatSnapshot>\n")
	return "".join(out)


# ---------------------------------------------------------------------------
# T-SQL. Types as in legacy-schema.md; where it gives none, ours (marked).

LEGACY_DDL = """\
-- The legacy Lync Server 2010 Group Chat tables pcmigrate reads, with the
-- column names and types of shared/reference/legacy-schema.md. For a TEST
-- database only: load this, then sample-data.sql, and point pcmigrate at it
-- (--source tds://USER@SERVER/DATABASE). Generated by
-- data/sample/make-sample.py; do not edit by hand.
-- Types marked "(ours)" are not published; they hold every legacy value.

CREATE TABLE tblPrincipalType (
	ptypeID smallint NOT NULL PRIMARY KEY,
	ptypeDesc nvarchar(256) NOT NULL,
	ptypeIsSystemUser bit NOT NULL,
	ptypeIsUser bit NOT NULL,
	ptypeIsFederated bit NOT NULL
);

CREATE TABLE tblRoleType (
	rtypeID int NOT NULL PRIMARY KEY,             -- int (ours)
	rtypeDesc nvarchar(256) NOT NULL,
	rtypeAllowedPermSet bigint NULL,              -- (ours)
	honorsOverride bit NOT NULL,
	honorsScope bit NOT NULL
);

CREATE TABLE tblPrincipal (
	prinID int NOT NULL PRIMARY KEY,
	prinGuid uniqueidentifier NOT NULL,
	prinUri nvarchar(256) NOT NULL,
	prinName nvarchar(256) NULL,
	prinCompanyName nvarchar(256) NULL,
	prinEmail nvarchar(256) NULL,
	prinADPath nvarchar(1024) NULL,               -- length (ours)
	prinADUserPrincipalName nvarchar(256) NULL,
	prinDisabled bit NOT NULL,
	prinTypeID smallint NOT NULL
);

CREATE TABLE tblNode (
	nodeID int NOT NULL PRIMARY KEY,
	nodeGuid uniqueidentifier NOT NULL,
	parentID int NULL,
	nodeType bit NOT NULL,
	nodeName nvarchar(256) NOT NULL,
	nodeDesc nvarchar(256) NOT NULL,
	topic nvarchar(256) NOT NULL,
	filestoreURI nvarchar(256) NULL,
	inheritance bit NOT NULL,
	scopeChange bit NOT NULL,
	overrideMember bit NOT NULL,
	invite bit NULL,
	logged bit NULL,
	filePost bit NULL,
	disabled bit NOT NULL,
	restrictChildCreate bit NULL,
	behavior smallint NOT NULL,
	visibility smallint NULL,
	siopID uniqueidentifier NULL,
	nodeAddedBy int NULL,
	nodeUpdatedBy int NULL,
	nodeAddedOn bigint NULL,
	nodeUpdatedOn bigint NULL
);

CREATE TABLE tblPrincipalRole (
	prinRoleNodeID int NOT NULL,
	prinRolePrinID int NOT NULL,
	prinRoleTypeID int NOT NULL,
	prinRoleUpdatedBy int NULL,
	honorsOverride bit NOT NULL,
	honorsScope bit NOT NULL,
	PRIMARY KEY (prinRoleNodeID, prinRolePrinID, prinRoleTypeID)
);

CREATE TABLE tblScopePrincipal (
	scopeNodeID int NOT NULL,
	scopePrinID int NOT NULL,
	PRIMARY KEY (scopeNodeID, scopePrinID)
);

CREATE TABLE tblPrincipalAffiliations (
	principalID int NOT NULL,
	affiliationID int NOT NULL,
	PRIMARY KEY (principalID, affiliationID)
);

CREATE TABLE tblSiopWhiteList (
	siopId uniqueidentifier NOT NULL PRIMARY KEY,
	siopName nvarchar(256) NOT NULL,              -- (ours)
	siopUrl nvarchar(1024) NOT NULL               -- (ours)
);

CREATE TABLE tblPrincipalInvites (
	prinID int NOT NULL,
	invID int NOT NULL,
	nodeID int NOT NULL,
	createdOn datetime NOT NULL,
	PRIMARY KEY (prinID, invID)
);

CREATE TABLE tblChat (
	channelId int NOT NULL,
	chatId bigint NOT NULL,
	chatDate bigint NOT NULL,
	userId int NOT NULL,
	isAlert bit NOT NULL,
	content nvarchar(max) NOT NULL,
	rtf varchar(max) NULL,
	PRIMARY KEY (channelId, chatId)
);
"""

MSDB_DDL = """\
-- msdb-like backup history tables for a TEST database (never run this in
-- the real msdb): the columns of msdb.dbo.backupset and
-- msdb.dbo.backupmediafamily that pcmigrate reads. Load msdb-sample-data.sql
-- after it. Generated by data/sample/make-sample.py; do not edit by hand.

CREATE TABLE backupmediafamily (
	media_set_id int NOT NULL,
	family_sequence_number tinyint NOT NULL,
	physical_device_name nvarchar(260) NULL,
	PRIMARY KEY (media_set_id, family_sequence_number)
);

CREATE TABLE backupset (
	backup_set_id int NOT NULL PRIMARY KEY,
	media_set_id int NOT NULL,
	database_name nvarchar(128) NULL,
	name nvarchar(128) NULL,
	type char(1) NULL,
	backup_start_date datetime NULL,
	backup_finish_date datetime NULL,
	is_copy_only bit NOT NULL,
	is_damaged bit NOT NULL,
	server_name nvarchar(128) NULL,
	time_zone smallint NULL
);
"""

DATETIME_COLS = {"createdOn", "backup_start_date", "backup_finish_date"}
NCHAR_FREE = {"type"}          # char, not nchar: no N prefix


GUID_COLS = {"nodeGuid", "prinGuid", "siopID", "siopId"}


def sql_value(col, v):
	if v is None:
		return "NULL"
	if isinstance(v, int):
		return str(v)
	s = str(v).replace("'", "''")
	if col in DATETIME_COLS or col in NCHAR_FREE or col in GUID_COLS or col == "rtf":
		return "'%s'" % s
	return "N'%s'" % s


def sql_insert(table, cols):
	return "INSERT INTO %s (%s) VALUES (%s);\n" % (table, ", ".join(k for k, _ in cols),
		", ".join(sql_value(k, v) for k, v in cols))


def write_sql_data(msgs):
	out = ["-- The Contoso Korea training deployment as INSERTs into the tables of\n"
		"-- legacy-schema.sql (same rows as data/sample/contoso.xml). Generated by\n"
		"-- data/sample/make-sample.py; do not edit by hand.\n"
		"SET NOCOUNT ON;\nBEGIN TRANSACTION;\n"]
	for table, cols in table_rows(msgs):
		if table not in ("backupset", "backupmediafamily"):
			out.append(sql_insert(table, cols))
	out.append("COMMIT TRANSACTION;\n")
	return "".join(out)


def write_msdb_data():
	out = ["-- The Contoso Korea backup history for the tables of msdb-schema.sql.\n"
		"-- Dates are server local time (UTC+9). Generated by\n"
		"-- data/sample/make-sample.py; do not edit by hand.\n"
		"SET NOCOUNT ON;\nBEGIN TRANSACTION;\n"]
	for row in backup_rows():
		out.append(sql_insert("backupset", row))
	for row in media_rows():
		out.append(sql_insert("backupmediafamily", row))
	out.append("COMMIT TRANSACTION;\n")
	return "".join(out)


# ---------------------------------------------------------------------------
# The plan, asserted: every rule of migration-rules.md has its case.

def check_plan(msgs):
	live = [r for r in rooms if not r["disabled"]]
	# categories five levels deep
	assert max(depth(c) for c in cats) >= 5
	# two or three root managers
	rm = [r for r in roles if r[0] == 1 and r[2] == R_MANAGER]
	assert 2 <= len(rm) <= 3, rm
	# planned lengths hold; every name fits on its own
	for r in rooms:
		e = r["_plan"].get("expect_len")
		assert e is None or u16len(flat_name(r)) == e, (flat_name(r), e)
	for c in cats:
		assert u16len(flat_name(c)) <= LIMIT, flat_name(c)
	lens = [u16len(flat_name(r)) for r in live]
	assert LIMIT in lens and LIMIT - 1 in lens
	assert any(LIMIT < n <= LIMIT + 10 for n in lens)
	assert any(n >= LIMIT + 100 for n in lens)
	assert any(u16len(flat_name(r)) > LIMIT and any("\uac00" <= ch <= "\ud7a3" for ch in r["nodeName"])
		for r in live)
	assert any(u16len(flat_name(r)) == LIMIT + 1 and len(flat_name(r)) == LIMIT for r in live)
	assert any(r["disabled"] and u16len(flat_name(r)) > LIMIT for r in rooms)
	# one case-insensitive collision among migrated rooms
	seen = {}
	for r in live:
		seen.setdefault(flat_name(r).casefold(), []).append(r)
	coll = [v for v in seen.values() if len(v) > 1]
	assert len(coll) == 1 and len(coll[0]) == 2, coll
	# a room under the root
	assert any(r["_parent"] is ROOT for r in live)
	# invite: 0 category under a 1 category holding invite 1 rooms
	assert BOARD["invite"] == 0 and EXEC["invite"] == 1
	assert any(r["_parent"] is BOARD and r["invite"] == 1 for r in live)
	assert ROOT["invite"] is None and CONTR["invite"] is None
	# auditoriums
	voiced = {r[0] for r in roles if r[2] == R_VOICED}
	aud = [r for r in live if r["behavior"] == 5]
	assert any(r["nodeID"] in voiced for r in aud) and any(r["nodeID"] not in voiced for r in aud)
	# add-in used; disabled principal with a role; federated roles
	assert any(r["siopID"] for r in live)
	dis = {p.id for p in principals if p.disabled}
	assert any(r[1] in dis for r in roles)
	fed = {p.id for p in principals if p.type in (PT_FEDUSER, PT_FEDGROUP)}
	assert any(r[1] in fed for r in roles)
	assert len({(a, b, c) for a, b, c in roles}) == len(roles)
	assert len(set(scopes)) == len(scopes) and len(set(affiliations)) == len(affiliations)
	# messages
	allm = [m for v in msgs.values() for m in v]
	assert 3000 <= len(allm) <= 6000, len(allm)
	assert {m[0].year for m in allm} == {2009, 2010, 2011, 2012, 2013}
	assert any(m[2] for m in allm) and any(m[4] for m in allm)
	assert any("ma-filelink:" in m[3] for m in allm)
	newest = max(m[0] for m in allm)
	full = [b for b in BACKUPS if b[0] == "D" and not b[4]]
	assert len(full) >= 2
	fin = max(datetime.datetime.fromisoformat(b[2]).replace(tzinfo=KST) for b in full)
	assert fin < newest and newest - fin < datetime.timedelta(hours=6), (fin, newest)
	# naive (UTC) reading of the local time would wrongly pass
	assert fin.replace(tzinfo=UTC) > newest
	# what README.md says: sizes, cutoffs, files
	assert (len(cats), len(rooms), len(rooms) - len(live), len(principals)) == (26, 62, 6, 74)
	def emptied(y):
		return sorted(r["nodeName"] for r in live
			if msgs[r["nodeID"]] and msgs[r["nodeID"]][-1][0] < kst(y, 1, 1, 9))
	assert emptied(2010) == ["Line 1 Retrofit 2009"], emptied(2010)
	assert emptied(2011) == ["Hanbit v1 (2009)", "Line 1 Retrofit 2009"], emptied(2011)
	assert emptied(2012) == ["Hanbit v1 (2009)", "Line 1 Retrofit 2009", "Sales Kick-off 2011"]
	with_files = {r["nodeName"] for r in live if any("ma-filelink:" in m[3] for m in msgs[r["nodeID"]])}
	assert with_files == {"IT Service Desk", "Cutover", "Runbooks",
		"SharePoint 2010 Intranet (인트라넷)", "Hanbit Firmware", "제안서 초안",
		"Project Hanbit Launch", "Quality Assurance", "Audit Committee",
		"Vendor Contract Reviews", "Fabrikam Joint Engineering"}, with_files
	late = [(r["nodeName"], m[0]) for r in rooms for m in msgs[r["nodeID"]] if m[0] > fin]
	assert sorted({n for n, _ in late}) == ["Cutover", "Server Operations"] and len(late) == 4


def main():
	check_only = "--check" in sys.argv[1:]
	msgs = make_messages()
	check_plan(msgs)
	files = {
		os.path.join(HERE, "contoso.xml"): write_xml(msgs),
		os.path.join(DATA, "sql", "legacy-schema.sql"): LEGACY_DDL,
		os.path.join(DATA, "sql", "sample-data.sql"): write_sql_data(msgs),
		os.path.join(DATA, "sql", "msdb-schema.sql"): MSDB_DDL,
		os.path.join(DATA, "sql", "msdb-sample-data.sql"): write_msdb_data(),
	}
	status = 0
	for path, text in files.items():
		data = text.encode("utf-8")
		if check_only:
			try:
				with open(path, "rb") as f:
					same = f.read() == data
			except OSError:
				same = False
			if not same:
				print("%s: differs from the generator's output" % path, file=sys.stderr)
				status = 1
			continue
		os.makedirs(os.path.dirname(path), exist_ok=True)
		tmp = path + ".tmp"
		with open(tmp, "wb") as f:
			f.write(data)
			f.flush()
			os.fsync(f.fileno())
		os.replace(tmp, path)
	allm = sum(len(v) for v in msgs.values())
	print("%d categories, %d rooms, %d principals, %d roles, %d messages" % (
		len(cats), len(rooms), len(principals), len(roles), allm), file=sys.stderr)
	return status


if __name__ == "__main__":
	sys.exit(main())
