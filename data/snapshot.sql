-- pcmigrate: make a legacy snapshot (format version 1) of a Lync Server
-- 2010 Group Chat or OCS 2007 R2 Group Chat database. See pcmigrate(1),
-- "MAKING A SNAPSHOT WITH SQLCMD". Read-only: it only runs SELECT.
-- Run it with sqlcmd (Windows) against the Group Chat database:
--   sqlcmd -S SERVER\INSTANCE -d GroupChatDB -E -b -r 1 -f o:65001 -h -1 -y 0
--          -v LOOKUP="sip:ocschat@contoso.com" -i snapshot.sql -o GroupChatDB.xml
-- (one line; LOOKUP is the lookup server contact, or "" if unknown).
-- The output is one XML document: the header line, every row as FOR XML
-- RAW writes it (:XML ON streams them unformatted), the closing line.
SET NOCOUNT ON;
GO
-- 1. The header. FOR XML escapes the values; its empty element's "/>"
--    becomes ">" so that the rows below are its children.
DECLARE @header nvarchar(max);
SET @header = (SELECT 1 AS formatVersion,
        CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)) AS server,
        DB_NAME() AS [database],
        CONVERT(char(19), GETUTCDATE(), 126) + 'Z' AS takenAt,
        CAST(ROUND(DATEDIFF(second, GETUTCDATE(), GETDATE()) / 60.0, 0) AS int)
            AS serverUtcOffsetMinutes,
        NULLIF(N'$(LOOKUP)', N'') AS lookupServerUri
    FOR XML RAW('groupChatSnapshot'));
SELECT LEFT(@header, LEN(@header) - 2) + N'>';
GO
-- 2. The rows, one element per row; chat rows last, in (channelId, chatId)
--    order. msdb's backup history is limited to this database.
:XML ON
SELECT * FROM dbo.tblPrincipalType FOR XML RAW('tblPrincipalType'), BINARY BASE64;
SELECT * FROM dbo.tblRoleType FOR XML RAW('tblRoleType'), BINARY BASE64;
SELECT * FROM dbo.tblPrincipal FOR XML RAW('tblPrincipal'), BINARY BASE64;
SELECT * FROM dbo.tblNode FOR XML RAW('tblNode'), BINARY BASE64;
SELECT * FROM dbo.tblPrincipalRole FOR XML RAW('tblPrincipalRole'), BINARY BASE64;
SELECT * FROM dbo.tblScopePrincipal FOR XML RAW('tblScopePrincipal'), BINARY BASE64;
SELECT * FROM dbo.tblPrincipalAffiliations FOR XML RAW('tblPrincipalAffiliations'), BINARY BASE64;
SELECT * FROM dbo.tblSiopWhiteList FOR XML RAW('tblSiopWhiteList'), BINARY BASE64;
SELECT * FROM dbo.tblPrincipalInvites FOR XML RAW('tblPrincipalInvites'), BINARY BASE64;
SELECT database_name, type, backup_start_date, backup_finish_date, is_copy_only,
        is_damaged, media_set_id
    FROM msdb.dbo.backupset WHERE database_name = DB_NAME()
    FOR XML RAW('backupset');
SELECT media_set_id, physical_device_name FROM msdb.dbo.backupmediafamily
    WHERE media_set_id IN (SELECT media_set_id FROM msdb.dbo.backupset
                           WHERE database_name = DB_NAME())
    FOR XML RAW('backupmediafamily');
SELECT channelId, chatId, chatDate, userId, isAlert, content FROM dbo.tblChat
    ORDER BY channelId, chatId
    FOR XML RAW('tblChat');
GO
:XML OFF
-- 3. The closing line.
SELECT N'</groupChatSnapshot>';
GO
