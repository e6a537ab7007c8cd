package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/localdigital/localdigital/internal/model"
)

// taggedKind is one kind of content the tag store serves, with how a test makes one.
type taggedKind struct {
	name   string
	tt     tagTable
	create func(t *testing.T, w *resourceWorld, title string, orgs []*model.Organisation, principles, services []int) (int64, error)
	// read returns the record's tags as its own reader (Resource, CaseStudy) loads them.
	read func(t *testing.T, w *resourceWorld, id int64) tagValues
}

// tagValues are a record's tags, read back.
type tagValues struct {
	orgs       []model.OrgRef
	principles []int
	services   []model.Service
}

func (v *tagValues) tags(id int64) tags { return tags{id, &v.orgs, &v.principles, &v.services} }

func serviceRefs(codes []int) []model.Service {
	var out []model.Service
	for _, c := range codes {
		out = append(out, model.Service{Code: c})
	}
	return out
}

func orgRefs(orgs []*model.Organisation) []model.OrgRef {
	var out []model.OrgRef
	for _, o := range orgs {
		out = append(out, model.OrgRef{ID: o.ID})
	}
	return out
}

var taggedKinds = []taggedKind{
	{
		name: "resource", tt: resourceTags,
		create: func(t *testing.T, w *resourceWorld, title string, orgs []*model.Organisation, principles, services []int) (int64, error) {
			r := newResource(title, orgs[0])
			r.Organisations, r.Principles, r.Services = orgRefs(orgs), principles, serviceRefs(services)
			err := w.db.PublishResource(t.Context(), w.hackneyActor, r, nil)
			return r.ID, err
		},
		read: func(t *testing.T, w *resourceWorld, id int64) tagValues {
			r, err := w.db.Resource(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			return tagValues{r.Organisations, r.Principles, r.Services}
		},
	},
	{
		name: "case study", tt: caseStudyTags,
		create: func(t *testing.T, w *resourceWorld, title string, orgs []*model.Organisation, principles, services []int) (int64, error) {
			cs := newCaseStudy(title, orgs[0])
			cs.Organisations, cs.Principles, cs.Services = orgRefs(orgs), principles, serviceRefs(services)
			err := w.db.CreateCaseStudy(t.Context(), w.hackneyActor, cs)
			return cs.ID, err
		},
		read: func(t *testing.T, w *resourceWorld, id int64) tagValues {
			cs, err := w.db.CaseStudy(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			return tagValues{cs.Organisations, cs.Principles, cs.Services}
		},
	},
}

func orgNames(orgs []model.OrgRef) []string {
	var out []string
	for _, o := range orgs {
		out = append(out, o.Name)
	}
	return out
}

func serviceCodesOf(ss []model.Service) []int {
	var out []int
	for _, s := range ss {
		out = append(out, s.Code)
	}
	return out
}

// checkTags compares tags read back with what is wanted: organisations by name in their
// order, principles in order, services by code in label order, with their labels.
func checkTags(t *testing.T, what string, got tagValues, orgs []string, principles, services []int) {
	t.Helper()
	if !slices.Equal(orgNames(got.orgs), orgs) || !slices.Equal(got.principles, principles) ||
		!slices.Equal(serviceCodesOf(got.services), services) {
		t.Errorf("%s: tags = %v %v %v, want %v %v %v", what, orgNames(got.orgs), got.principles,
			serviceCodesOf(got.services), orgs, principles, services)
	}
	for _, s := range got.services {
		if s.Label == "" {
			t.Errorf("%s: service %d without its label", what, s.Code)
		}
	}
}

// TestTagStore: resources and case studies are tagged through the one tag store, each
// in its own tables: written in order without repeats, read back the same by the
// kind's reader and by the store's loader, rewritten, refused when an organisation or
// service does not exist, and offered as list filters only while visible.
func TestTagStore(t *testing.T) {
	for _, k := range taggedKinds {
		t.Run(k.name, func(t *testing.T) {
			w := newResourceWorld(t)
			ctx := t.Context()
			hackney, camden := w.hackney.Name, w.camden.Name
			// Repeats are dropped, the first staying; services come back in label order.
			id, err := k.create(t, w, "Bins", []*model.Organisation{w.hackney, w.camden, w.hackney}, []int{1, 3}, []int{524, 372, 524})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			checkTags(t, "read", k.read(t, w, id), []string{hackney, camden}, []int{1, 3}, []int{372, 524})
			other, err := k.create(t, w, "Parking", []*model.Organisation{w.camden}, []int{2}, nil)
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			loaded := map[int64]*tagValues{id: {}, other: {}}
			byID := map[int64]tags{}
			for i, v := range loaded {
				byID[i] = v.tags(i)
			}
			if err := loadBatches(ctx, w.db.read, k.tt.kind, []int64{id, other}, k.tt.tagQueries(byID, tagsTags)); err != nil {
				t.Fatal(err)
			}
			checkTags(t, "loaded", *loaded[id], []string{hackney, camden}, []int{1, 3}, []int{372, 524})
			checkTags(t, "loaded other", *loaded[other], []string{camden}, []int{2}, nil)
			only := map[int64]*tagValues{id: {}}
			if err := loadBatches(ctx, w.db.read, k.tt.kind, []int64{id}, k.tt.tagQueries(map[int64]tags{id: only[id].tags(id)}, tagsOrgs)); err != nil {
				t.Fatal(err)
			}
			checkTags(t, "organisations only", *only[id], []string{hackney, camden}, nil, nil)

			// Rewritten: cleared, then written again in the new order.
			err = w.db.inTx(ctx, func(tx *Tx) error {
				v := tagValues{orgs: orgRefs([]*model.Organisation{w.camden, w.adur}), principles: []int{5}, services: serviceRefs([]int{57})}
				if err := tx.resolveTags(ctx, v.tags(id)); err != nil {
					return err
				}
				if err := tx.clearTags(ctx, k.tt, id); err != nil {
					return err
				}
				return tx.writeTags(ctx, k.tt, v.tags(id))
			})
			if err != nil {
				t.Fatal(err)
			}
			checkTags(t, "rewritten", k.read(t, w, id), []string{camden, w.adur.Name}, []int{5}, []int{57})

			// Unknown organisations and services are field errors, and nothing is written.
			before := countRows(t, w.db, k.tt.content)
			_, err = k.create(t, w, "Ghost", []*model.Organisation{w.hackney, {ID: 999999}}, []int{1}, []int{524, 999999})
			var fe *model.FieldErrors
			if !errors.As(err, &fe) || !fe.Has("organisations") || !fe.Has("services") {
				t.Errorf("unknown tags: err = %v", err)
			}
			if n := countRows(t, w.db, k.tt.content); n != before {
				t.Errorf("%s rows = %d after a refused create, want %d", k.tt.content, n, before)
			}

			// The filters offer what visible content is tagged with.
			filters := func() ([]string, []int) {
				t.Helper()
				orgs, err := w.db.taggedOrganisations(ctx, k.tt)
				if err != nil {
					t.Fatal(err)
				}
				services, err := w.db.taggedServices(ctx, k.tt)
				if err != nil {
					t.Fatal(err)
				}
				return orgNames(orgs), serviceCodesOf(services)
			}
			orgs, services := filters()
			if want := []string{w.adur.Name, camden}; !slices.Equal(orgs, want) || !slices.Equal(services, []int{57}) {
				t.Errorf("filters = %v %v, want %v [57]", orgs, services, want)
			}
			err = w.db.inTx(ctx, func(tx *Tx) error {
				_, err := tx.exec(ctx, fmt.Sprintf(`UPDATE %s SET hidden = TRUE WHERE id = $1`, k.tt.content), id)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if orgs, services := filters(); !slices.Equal(orgs, []string{camden}) || len(services) != 0 {
				t.Errorf("filters with %d hidden = %v %v", id, orgs, services)
			}
		})
	}
}

// TestTagStoreBatches: loading more records than one IN list holds fills in every one.
func TestTagStoreBatches(t *testing.T) {
	w := newResourceWorld(t)
	ctx := t.Context()
	n := tagBatch + 3
	byID := map[int64]tags{}
	values := map[int64]*tagValues{}
	var ids []int64
	err := w.db.inTx(ctx, func(tx *Tx) error {
		for i := range n {
			id := int64(i + 1)
			r := newResource(fmt.Sprintf("Resource %d", i), w.hackney)
			if err := tx.queryRow(ctx, insertResource, r.Type, r.Title, r.Summary, r.Link, r.Licence, "", w.hackney.ID,
				nil, tx.now, r.Title, "en").Scan(&id); err != nil {
				return err
			}
			v := tagValues{orgs: orgRefs([]*model.Organisation{w.hackney}), principles: []int{i%5 + 1}}
			if err := tx.writeTags(ctx, resourceTags, v.tags(id)); err != nil {
				return err
			}
			ids = append(ids, id)
			values[id] = &tagValues{}
			byID[id] = values[id].tags(id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := loadBatches(ctx, w.db.read, "resource", ids, resourceTags.tagQueries(byID, tagsTags)); err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		checkTags(t, fmt.Sprint(id), *values[id], []string{w.hackney.Name}, []int{i%5 + 1}, nil)
	}
}

// TestTagsAudit: the audit log keeps a record's tags as organisation ids in order,
// principles and service codes, under the same JSON names for every kind; no services
// is an empty list.
func TestTagsAudit(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    tagValues
		want string
	}{
		{"none", tagValues{}, `{"organisations":null,"principles":null,"services":[]}`},
		{"all", tagValues{orgs: []model.OrgRef{{ID: 7}, {ID: 3}}, principles: []int{2, 5}, services: serviceRefs([]int{524, 372})},
			`{"organisations":[7,3],"principles":[2,5],"services":[524,372]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.v.tags(1).audit())
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("audit = %s, want %s", got, tc.want)
			}
		})
	}
}
