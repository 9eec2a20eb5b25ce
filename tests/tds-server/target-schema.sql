-- SPDX-License-Identifier: MIT
-- The Lync Server 2013 Persistent Chat tables pcmigrate verify reads, for
-- the loopback TDS test server (tds-server --schema), in SQLite with SQL
-- Server's type names; (-1) stands for (max). Columns as "Persistent
-- Chat database schema in Lync Server 2013" lists them
-- (MicrosoftDocs/OfficeDocs-SkypeForBusiness, Lync/LyncServer/
-- lync-server-2013-tblnode.md, -tblprincipal.md, -tblprincipaltype.md,
-- -tblroletype.md, -tblprincipalrole.md, -tblscopeprincipal.md,
-- -tblsiopwhitelist.md, -tblchat.md; shared/reference/
-- schemas-with-sources.md section 3). The fixture is a snapshot that
-- tests/verify_fixture builds from a package's deployment.xml.
CREATE TABLE tblPrincipalType (
	ptypeID smallint NOT NULL PRIMARY KEY,
	ptypeDesc nvarchar(256) NOT NULL,
	ptypeIsSystemUser bit NOT NULL DEFAULT 0,
	ptypeIsUser bit NOT NULL DEFAULT 0
);
CREATE TABLE tblRoleType (
	rtypeID int NOT NULL PRIMARY KEY,
	rtypeDesc nvarchar(256) NOT NULL,
	rtypeAllowedPermSet bigint NOT NULL DEFAULT 0
);
CREATE TABLE tblPrincipal (
	prinID int NOT NULL PRIMARY KEY,
	prinGuid uniqueidentifier,
	prinUri nvarchar(256) NOT NULL,
	prinName nvarchar(256),
	prinDisplayName nvarchar(256),
	prinCompanyName nvarchar(256),
	prinEmail nvarchar(256),
	prinADPath nvarchar(384),
	prinADUserPrincipalName nvarchar(256),
	prinDisabled smallint NOT NULL DEFAULT 0,
	prinTypeID smallint NOT NULL,
	prinPoolID int,
	prinPolicyID int,
	prinAddedBy int,
	prinAddedOn bigint NOT NULL DEFAULT 0,
	prinUpdatedBy int,
	prinUpdatedOn bigint NOT NULL DEFAULT 0,
	prinVerifiedOn datetime
);
CREATE TABLE tblNode (
	nodeID int NOT NULL PRIMARY KEY,
	nodeGuid uniqueidentifier,
	parentID int,
	nodeType bit NOT NULL,
	nodeName nvarchar(256) NOT NULL,
	nodeDesc nvarchar(256) NOT NULL DEFAULT '',
	invite bit,
	logged bit,
	filePost bit,
	disabled bit NOT NULL DEFAULT 0,
	behavior smallint NOT NULL DEFAULT 4,
	visibility smallint NOT NULL DEFAULT 3,
	siopID uniqueidentifier,
	nodeAddedBy int NOT NULL DEFAULT 1,
	nodeAddedOn bigint NOT NULL DEFAULT 0,
	nodeUpdatedBy int NOT NULL DEFAULT 1,
	nodeUpdatedOn bigint NOT NULL DEFAULT 0,
	purgedOn datetime
);
CREATE TABLE tblPrincipalRole (
	prinRoleNodeID int NOT NULL,
	prinRolePrinID int NOT NULL,
	prinRoleTypeID int NOT NULL,
	prinRoleUpdatedBy int NOT NULL DEFAULT 1,
	PRIMARY KEY (prinRoleNodeID, prinRolePrinID, prinRoleTypeID)
);
CREATE TABLE tblScopePrincipal (
	scopeNodeID int NOT NULL,
	scopePrinID int NOT NULL,
	scopeIsDenied bit NOT NULL DEFAULT 0,
	scopeUpdatedBy int NOT NULL DEFAULT 1
);
CREATE TABLE tblSiopWhiteList (
	siopID uniqueidentifier NOT NULL PRIMARY KEY,
	siopName nvarchar(50) NOT NULL,
	siopUrl nvarchar(255) NOT NULL
);
CREATE TABLE tblChat (
	channelId int NOT NULL,
	chatId bigint NOT NULL,
	chatDate bigint NOT NULL,
	userId int NOT NULL,
	isAlert bit NOT NULL DEFAULT 0,
	content nvarchar(-1) NOT NULL,
	rtf varchar(-1),
	PRIMARY KEY (channelId, chatId)
);
