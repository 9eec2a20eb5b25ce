-- The legacy Group Chat tables (shared/reference/legacy-schema.md) for the
-- loopback TDS test server, in SQLite with SQL Server's type names: the
-- server maps the declared types to TDS column types; (-1) stands for
-- (max), as in sys.columns. msdb is attached.
CREATE TABLE tblPrincipalType (
	ptypeID smallint NOT NULL PRIMARY KEY,
	ptypeDesc nvarchar(256) NOT NULL,
	ptypeIsSystemUser bit NOT NULL DEFAULT 0,
	ptypeIsUser bit NOT NULL DEFAULT 0,
	ptypeIsFederated bit
);
CREATE TABLE tblRoleType (
	rtypeID int NOT NULL PRIMARY KEY,
	rtypeDesc nvarchar(256) NOT NULL,
	rtypeAllowedPermSet bigint,
	honorsOverride bit,
	honorsScope bit
);
CREATE TABLE tblPrincipal (
	prinID int NOT NULL PRIMARY KEY,
	prinGuid uniqueidentifier,
	prinUri nvarchar(256) NOT NULL,
	prinName nvarchar(256),
	prinCompanyName nvarchar(256),
	prinEmail nvarchar(256),
	prinADPath nvarchar(1024),
	prinADUserPrincipalName nvarchar(256),
	prinDisabled bit,
	prinTypeID smallint NOT NULL
);
CREATE TABLE tblNode (
	nodeID int NOT NULL PRIMARY KEY,
	nodeGuid uniqueidentifier,
	parentID int,
	nodeType bit NOT NULL,
	nodeName nvarchar(256) NOT NULL,
	nodeDesc nvarchar(256),
	topic nvarchar(256),
	filestoreURI nvarchar(256),
	inheritance bit,
	scopeChange bit,
	overrideMember bit,
	invite bit,
	logged bit,
	filePost bit,
	disabled bit NOT NULL,
	restrictChildCreate bit,
	behavior smallint,
	visibility smallint,
	siopID uniqueidentifier,
	nodeAddedBy int,
	nodeUpdatedBy int,
	nodeAddedOn bigint,
	nodeUpdatedOn bigint
);
CREATE TABLE tblPrincipalRole (
	prinRoleNodeID int NOT NULL,
	prinRolePrinID int NOT NULL,
	prinRoleTypeID int NOT NULL,
	prinRoleUpdatedBy int,
	honorsOverride bit,
	honorsScope bit,
	PRIMARY KEY (prinRoleNodeID, prinRolePrinID, prinRoleTypeID)
);
CREATE TABLE tblScopePrincipal (
	scopeNodeID int NOT NULL,
	scopePrinID int NOT NULL
);
CREATE TABLE tblPrincipalAffiliations (
	principalID int NOT NULL,
	affiliationID int NOT NULL
);
CREATE TABLE tblSiopWhiteList (
	siopId uniqueidentifier NOT NULL PRIMARY KEY,
	siopName nvarchar(256),
	siopUrl nvarchar(1024)
);
CREATE TABLE tblPrincipalInvites (
	prinID int NOT NULL,
	invID int NOT NULL,
	nodeID int NOT NULL,
	createdOn datetime
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
CREATE TABLE msdb.backupset (
	backup_set_id int PRIMARY KEY,
	media_set_id int,
	name nvarchar(128),
	server_name nvarchar(128),
	database_name nvarchar(128) COLLATE NOCASE,
	type char(1),
	backup_start_date datetime,
	backup_finish_date datetime,
	is_copy_only bit DEFAULT 0,
	is_damaged bit DEFAULT 0,
	time_zone smallint
);
CREATE TABLE msdb.backupmediafamily (
	media_set_id int NOT NULL,
	family_sequence_number tinyint DEFAULT 1,
	physical_device_name nvarchar(260)
);
