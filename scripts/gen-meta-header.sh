#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Turn META into a C header for the module (version, ABI).
set -eu
meta=$(dirname "$0")/meta.sh
cat <<HDR
/* SPDX-License-Identifier: GPL-2.0-only */
/* Generated from META by scripts/gen-meta-header.sh. Do not edit. */
#ifndef OVS_META_H
#define OVS_META_H
#define OVS_META_VERSION "$("$meta" Version)"
#define OVS_META_RELEASE "$("$meta" Release)"
#define OVS_META_MODULE_ABI $("$meta" Module-ABI)
#endif
HDR
