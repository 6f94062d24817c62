/* kb_health.c — loads kb/health.yaml (the repeat-violation limits that
 * `poa health` counts a seller account's cases against) and kb/evidence.yaml
 * (the files Amazon accepts as evidence, the invoice look-back window). */
#include "kb_load.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

static poa_status load_limit(loader *l, const poa_yaml *y, kb_health_limit *h)
{
	const char *id = poa_yaml_str(y, "id"), *source = poa_yaml_str(y, "source");
	if (!id || !source)
		return kbl_bad(l, y, "a limit needs id and source");
	h->id = poa_strdup0(id);
	h->source = poa_strdup0(source);
	h->limit = (int)poa_yaml_int(y, "limit", -1);
	h->warn_at = (int)poa_yaml_int(y, "warn_at", -1);
	if (h->limit < 0 || h->warn_at < 0 || h->warn_at > h->limit)
		return kbl_bad(l, y, "limit and warn_at are counts, warn_at at most limit (0: no known limit)");
	poa_status st = kbl_get_text(l, y, "name", 1, &h->name);
	if (!st)
		st = kbl_get_strings(l, poa_yaml_get(y, "families"), &h->families, &h->nfamilies);
	if (!st && !h->nfamilies)
		return kbl_bad(l, y, "a limit needs the families it counts");
	return st;
}

poa_status kb_load_health(loader *l, const poa_yaml *root, poa_kb *kb)
{
	const poa_yaml *limits = poa_yaml_get(root, "limits");
	kb->health_window = (int)poa_yaml_int(root, "window_days", -1);
	if (kb->health_window <= 0)
		return kbl_bad(l, root, "window_days must be a number of days");
	if (!limits || limits->kind != POA_YAML_LIST)
		return kbl_bad(l, root, "limits must be a list");
	if (!(kb->health = calloc(limits->count ? limits->count : 1, sizeof *kb->health)))
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < limits->count; i++) {
		poa_status st = load_limit(l, limits->items[i], &kb->health[kb->nhealth++]);
		if (st)
			return st;
	}
	return POA_OK;
}

static const char *const file_types[] = {"pdf", "jpeg", "png", "gif", "tiff", NULL};

static poa_status load_accepted(loader *l, const poa_yaml *y, kb_evidence_rule *e)
{
	const char *id = poa_yaml_str(y, "id"), *source = poa_yaml_str(y, "source");
	if (!id || !source)
		return kbl_bad(l, y, "an accepted entry needs id and source");
	e->id = poa_strdup0(id);
	e->source = poa_strdup0(source);
	poa_status st = kbl_get_strings(l, poa_yaml_get(y, "families"), &e->families, &e->nfamilies);
	if (!st)
		st = kbl_get_strings(l, poa_yaml_get(y, "types"), &e->types, &e->ntypes);
	for (size_t i = 0; !st && i < e->ntypes; i++) {
		int known = 0;
		for (const char *const *t = file_types; *t; t++)
			known |= strcmp(*t, e->types[i]) == 0;
		if (!known)
			return kbl_bad(l, y, "types are pdf, jpeg, png, gif or tiff (as poa recognises them by content)");
	}
	return st;
}

poa_status kb_load_evidence(loader *l, const poa_yaml *root, poa_kb *kb)
{
	const poa_yaml *acc = poa_yaml_get(root, "accepted");
	kb->evidence_max = (int)poa_yaml_int(root, "max_bytes", -1);
	kb->invoice_window = (int)poa_yaml_int(root, "invoice_window_days", -1);
	kb->invoice_source = poa_strdup0(poa_yaml_str(root, "invoice_source"));
	if (kb->evidence_max <= 0 || kb->invoice_window <= 0 || !kb->invoice_source)
		return kbl_bad(l, root, "evidence.yaml needs max_bytes, invoice_window_days and invoice_source");
	if (!acc || acc->kind != POA_YAML_LIST)
		return kbl_bad(l, root, "accepted must be a list");
	if (!(kb->evidence = calloc(acc->count ? acc->count : 1, sizeof *kb->evidence)))
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < acc->count; i++) {
		poa_status st = load_accepted(l, acc->items[i], &kb->evidence[kb->nevidence++]);
		if (st)
			return st;
	}
	return POA_OK;
}

void poa_kb_free_health(poa_kb *kb)
{
	for (size_t i = 0; i < kb->nevidence; i++) {
		kb_evidence_rule *e = &kb->evidence[i];
		free(e->id);
		free(e->source);
		kbl_free_strings(e->families, e->nfamilies);
		kbl_free_strings(e->types, e->ntypes);
	}
	free(kb->evidence);
	free(kb->invoice_source);
	for (size_t i = 0; i < kb->nhealth; i++) {
		kb_health_limit *h = &kb->health[i];
		free(h->id);
		free(h->source);
		kbl_free_text(&h->name);
		kbl_free_strings(h->families, h->nfamilies);
	}
	free(kb->health);
}
