@echo off
REM copy-files.cmd: written by pcmigrate from the migration plan.
REM The files uploaded to the migrated rooms (messages since the cutoff),
REM copied from the legacy Group Chat file store to the new Persistent Chat
REM file store; the migration tools do not copy them. runbook.ps1 copies the
REM whole folder instead; use this to copy only what the migrated rooms use.
REM Set the two folders below, then run it on a machine that reaches both.
setlocal EnableExtensions DisableDelayedExpansion
chcp 65001 >nul
set "LEGACY_STORE=\\gc01.contoso.com\MGCFileStore"
set "NEW_STORE=<\\new-server\PersistentChatFileStore>"
if "%LEGACY_STORE:~0,1%"=="<" goto unset
if "%NEW_STORE:~0,1%"=="<" goto unset
set FAILED=0
REM 3 file links in 5 migrated rooms

REM room nodeID 21
robocopy "%LEGACY_STORE%\21\b2" "%NEW_STORE%\21\b2" "100%%" /COPY:DAT /R:2 /W:5 /NP /NJH /NJS
if errorlevel 8 set FAILED=1

REM room nodeID 22
REM skipped: a file link in room nodeID 22 is not a safe path; copy it by hand

REM room nodeID 20
robocopy "%LEGACY_STORE%\20\a1" "%NEW_STORE%\20\a1" "Q1 plan.xlsx" /COPY:DAT /R:2 /W:5 /NP /NJH /NJS
if errorlevel 8 set FAILED=1

if %FAILED%==1 goto failed
echo All files copied.
exit /b 0
:failed
echo Some files could not be copied: see the robocopy lines above.
exit /b 1
:unset
echo Set LEGACY_STORE and NEW_STORE at the top of this file first.
exit /b 2
