#!/bin/sh
# SPDX-License-Identifier: MIT
# The live tests (test_tds.sh) against a server that plays SQL Server 2005:
# TDS 7.2 and the 2005 dialect (no DATE or DATETIME2). test_tds.sh itself
# runs against 2008 R2 (TDS 7.3).
TDS_SQL_SERVER=2005
export TDS_SQL_SERVER
exec sh "${top_srcdir:-.}/tests/test_tds.sh"
