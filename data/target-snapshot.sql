-- SPDX-License-Identifier: MIT
-- pcmigrate: make a snapshot of the Lync Server 2013 Persistent Chat
-- database after the import, for `pcmigrate verify --target snapshot:FILE`.
-- See pcmigrate(1), "VERIFY". Read-only: it only runs SELECT.
-- Run it with sqlcmd (Windows) against the Persistent Chat database:
--   sqlcmd -S SERVER\INSTANCE -d DATABASE -E -b -r 1 -f o:65001 -h -1 -y 0
--          -i target-snapshot.sql -o PersistentChat.xml
-- (one line; DATABASE is the Persistent Chat database of the pool, as
-- the topology names it).
-- The output has the legacy snapshot's form (snapshot.sql explains the
-- header, :XML ON and the two REPLACEs that carry control characters),
-- with the tables verify compares, named as in "Persistent Chat database
-- schema in Lync Server 2013" (MicrosoftDocs/OfficeDocs-SkypeForBusiness,
-- Lync/LyncServer/lync-server-2013-tblnode.md, -tblprincipal.md,
-- -tblroletype.md, -tblprincipalrole.md, -tblscopeprincipal.md,
-- -tblsiopwhitelist.md,
-- -tblchat.md). tblNode is copied whole (SELECT *): a legacy database's
-- tblNode has topic, inheritance, scopeChange and overrideMember, which
-- pcmigrate recognises and refuses.
SET NOCOUNT ON;
GO
-- 1. The header (as in snapshot.sql, without the lookup server).
DECLARE @header nvarchar(max);
SET @header = (SELECT 1 AS formatVersion, N'pcm1' AS [escape],
        CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)) AS server,
        DB_NAME() AS [database],
        CONVERT(char(19), GETUTCDATE(), 126) + 'Z' AS takenAt,
        CAST(ROUND(DATEDIFF(second, GETUTCDATE(), GETDATE()) / 60.0, 0) AS int)
            AS serverUtcOffsetMinutes
    FOR XML RAW('groupChatSnapshot'));
SET @header = REPLACE(REPLACE(@header
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x');
SELECT LEFT(@header, LEN(@header) - 2) + N'>';
GO
-- 2. The rows. The 2013 tblNode documents parentID as nullable: a node
--    without a parent (the root) is written as its own parent, as the
--    snapshot format needs one.
:XML ON
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblRoleType'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblRoleType AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.prinID, t.prinUri, t.prinADPath, t.prinDisabled, t.prinTypeID
             FOR XML RAW('tblPrincipal'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblPrincipal AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.* FOR XML RAW('tblNode'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblNode AS t WHERE t.parentID IS NOT NULL
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.nodeID, t.nodeID AS parentID, t.nodeType, t.nodeName, t.nodeDesc, t.disabled
             FOR XML RAW('tblNode'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblNode AS t WHERE t.parentID IS NULL
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.prinRoleNodeID, t.prinRolePrinID, t.prinRoleTypeID, t.prinRoleUpdatedBy
             FOR XML RAW('tblPrincipalRole'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblPrincipalRole AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.scopeNodeID, t.scopePrinID, t.scopeIsDenied
             FOR XML RAW('tblScopePrincipal'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblScopePrincipal AS t
    FOR XML PATH('');
SELECT CAST(REPLACE(REPLACE(CAST(
            (SELECT t.siopID, t.siopName, t.siopUrl
             FOR XML RAW('tblSiopWhiteList'), BINARY BASE64) AS nvarchar(max))
        COLLATE Latin1_General_BIN2, N'\x', N'\x5C;x'), N'&#x', N'\x') AS xml)
    FROM dbo.tblSiopWhiteList AS t
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
