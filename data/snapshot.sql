-- pcmigrate: make a legacy snapshot (format version 1) of a Lync Server
-- 2010 Group Chat or OCS 2007 R2 Group Chat database. See pcmigrate(1),
-- "MAKING A SNAPSHOT WITH SQLCMD". Read-only: it only runs SELECT.
-- Run it with sqlcmd (Windows) against the Group Chat database:
--   sqlcmd -S SERVER\INSTANCE -d GroupChatDB -E -b -r 1 -f o:65001 -h -1 -y 0
--          -v LOOKUP="sip:ocschat@contoso.com" -i snapshot.sql -o GroupChatDB.xml
-- (one line; LOOKUP is the lookup server contact, or "" if unknown).
-- The output is one XML document: the header line, every row as FOR XML
-- RAW writes it (:XML ON streams them unformatted), the closing line.
-- Control characters: FOR XML writes one as a character reference
-- (&#x1B;) that no XML 1.0 parser reads. So every row's XML goes through
-- two REPLACEs into the form the header declares, escape="pcm1": a
-- literal \x becomes \x5C;x, then &#x becomes \x, so &#x1B; reads \x1B;
-- (in FOR XML's output only a character reference starts with &#x: a
-- literal & is &amp;). The binary collation makes REPLACE exact; the
-- result, now valid XML, is cast to xml and streamed by FOR XML PATH('').
SET NOCOUNT ON;
GO
-- 1. The header. FOR XML escapes the values; its empty element's "/>"
--    becomes ">" so that the rows below are its children.
DECLARE @header nvarchar(max);
SET @header = (SELECT 1 AS formatVersion, N'pcm1' AS [escape],
        CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)) AS server,
        DB_NAME() AS [database],
        CONVERT(char(19), GETUTCDATE(), 126) + 'Z' AS takenAt,
        CAST(ROUND(DATEDIFF(second, GETUTCDATE(), GETDATE()) / 60.0, 0) AS int)
            AS serverUtcOffsetMinutes,
        NULLIF(N'$(LOOKUP)', N'') AS lookupServerUri
    FOR XML RAW('groupChatSnapshot'));
SET @header = REPLACE(REPLACE(@header
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x');
SELECT LEFT(@header, LEN(@header) - 2) + N'>';
GO
-- 2. The rows, one element per row; chat rows last, in (channelId,
--    chatId) order. msdb's backup history is limited to this database.
:XML ON
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblPrincipalType'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblPrincipalType AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblRoleType'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblRoleType AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblPrincipal'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblPrincipal AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblNode'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblNode AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblPrincipalRole'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblPrincipalRole AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblScopePrincipal'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblScopePrincipal AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblPrincipalAffiliations'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblPrincipalAffiliations AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblSiopWhiteList'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblSiopWhiteList AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblPrincipalInvites'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblPrincipalInvites AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST((SELECT b.database_name, b.type, b.backup_start_date,
            b.backup_finish_date, b.is_copy_only, b.is_damaged, b.media_set_id,
            b.time_zone
            FOR XML RAW('backupset')) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM msdb.dbo.backupset AS b WHERE b.database_name = DB_NAME()
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST((SELECT m.media_set_id, m.physical_device_name
            FOR XML RAW('backupmediafamily')) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM msdb.dbo.backupmediafamily AS m
    WHERE m.media_set_id IN (SELECT media_set_id FROM msdb.dbo.backupset
                             WHERE database_name = DB_NAME())
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST((SELECT c.channelId, c.chatId, c.chatDate, c.userId, c.isAlert,
            c.content FOR XML RAW('tblChat')) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblChat AS c
    ORDER BY channelId, chatId
    FOR XML PATH('');
GO
:XML OFF
-- 3. The closing line.
SELECT N'</groupChatSnapshot>';
GO
