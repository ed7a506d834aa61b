/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Force-included into every datapath source.  datapath/ is written against
 * the newest kernel API; this header and the shims below supply that API on
 * older kernels, driven only by the compile probes' HAVE_* results.
 */
#ifndef OVS_COMPAT_H
#define OVS_COMPAT_H

#include "ovs_compat_config.h"
#include "ovs_meta.h"

#endif /* OVS_COMPAT_H */
