-- fix-source.sql: written by pcmigrate from the migration plan.
-- UNSUPPORTED FALLBACK: Microsoft does not support direct writes to the
-- Group Chat database. The supported way to make these changes is the
-- Group Chat Admin Tool, following admin-tool-worklist.txt in this
-- package; then `pcmigrate check --source <database> --plan <plan>`
-- shows every change done. Run this script only on purpose, instead.
-- Applies the plan's decisions to the legacy Group Chat database, so that
-- Export-CsPersistentChatData carries them. Run it after a full backup,
-- with the Group Chat services stopped:
--   sqlcmd -b -S <server\instance> -d <database> -i fix-source.sql
-- (the file is Unicode, UTF-16LE with a byte-order mark, which sqlcmd
-- reads as it is: no -f code page).
-- One transaction: every statement changes exactly the row it names
-- (names compared exactly: case and trailing spaces count), or nothing
-- at all is changed.
-- Source: SQL01\GROUPCHAT / database GroupChatDB, taken at 2013-02-01T09:00:00Z
-- Statements: 4
SET XACT_ABORT ON;
BEGIN TRANSACTION;

-- disable room nodeID 24 (not migrated)
UPDATE dbo.tblNode SET disabled = 1
	WHERE nodeID = 24 AND nodeType = 0 AND disabled = 0
	AND nodeName = N'to-disable' COLLATE Latin1_General_BIN2 AND DATALENGTH(nodeName) = DATALENGTH(N'to-disable');
IF @@ROWCOUNT <> 1
BEGIN
	IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;
	RAISERROR(N'pcmigrate fix-source: tblNode nodeID 24 did not match the plan (changed since the snapshot?); nothing was changed.', 16, 1);
	RETURN;
END

-- rename room nodeID 22
UPDATE dbo.tblNode SET nodeName = N'O''Neil''s "new" room'
	WHERE nodeID = 22 AND nodeType = 0
	AND nodeName = N'O''Brien''s room' COLLATE Latin1_General_BIN2 AND DATALENGTH(nodeName) = DATALENGTH(N'O''Brien''s room');
IF @@ROWCOUNT <> 1
BEGIN
	IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;
	RAISERROR(N'pcmigrate fix-source: tblNode nodeID 22 did not match the plan (changed since the snapshot?); nothing was changed.', 16, 1);
	RETURN;
END

-- drop root manager prinID 11 (would manage every room)
DELETE FROM dbo.tblPrincipalRole
	WHERE prinRoleNodeID = 1 AND prinRolePrinID = 11 AND prinRoleTypeID = 2
	AND EXISTS (SELECT 1 FROM dbo.tblPrincipal WHERE prinID = 11
		AND prinUri = N'sip:lee@contoso.com' COLLATE Latin1_General_BIN2 AND DATALENGTH(prinUri) = DATALENGTH(N'sip:lee@contoso.com'))
	AND EXISTS (SELECT 1 FROM dbo.tblRoleType WHERE rtypeID = 2
		AND rtypeDesc = N'Manager' COLLATE Latin1_General_BIN2 AND DATALENGTH(rtypeDesc) = DATALENGTH(N'Manager'));
IF @@ROWCOUNT <> 1
BEGIN
	IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;
	RAISERROR(N'pcmigrate fix-source: tblPrincipalRole (node 1, prinID 11, role 2) did not match the plan (changed since the snapshot?); nothing was changed.', 16, 1);
	RETURN;
END

-- turn invitations on for category nodeID 4
UPDATE dbo.tblNode SET invite = 1
	WHERE nodeID = 4 AND nodeType = 1 AND invite = 0
	AND nodeName = N'Busan' COLLATE Latin1_General_BIN2 AND DATALENGTH(nodeName) = DATALENGTH(N'Busan');
IF @@ROWCOUNT <> 1
BEGIN
	IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;
	RAISERROR(N'pcmigrate fix-source: tblNode nodeID 4 did not match the plan (changed since the snapshot?); nothing was changed.', 16, 1);
	RETURN;
END

COMMIT TRANSACTION;
