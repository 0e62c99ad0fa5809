package huawei

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// MaxProjectsPerPage is the largest per_page of ListProjects.
const MaxProjectsPerPage = 5000

// Project is an IAM project (ProjectResult): one per region, named after it
// ("cn-north-4"), plus the subprojects an account creates in a region
// ("cn-north-4_dev"). Project-scope grants name it by ID.
type Project struct {
	// ID is the project id.
	ID string `json:"id"`
	// Name is the project name: a region id, or region_subproject.
	Name string `json:"name"`
	// DomainID is the account the project belongs to.
	DomainID string `json:"domain_id"`
	// ParentID is the account id for a region's project, the region
	// project's id for a subproject.
	ParentID string `json:"parent_id"`
	// Enabled tells whether the project is enabled.
	Enabled bool `json:"enabled"`
	// IsDomain is always false.
	IsDomain bool `json:"is_domain"`
	// Description is the project's description.
	Description string `json:"description"`
	// Links holds the project's resource link.
	Links *Links `json:"links,omitempty"`
}

func (p *Project) missing() string {
	if p == nil {
		return "project"
	}
	return missingIDName(p.ID, p.Name)
}

// ListProjectsInput filters ListProjects (GET /v3/projects); it may be nil.
type ListProjectsInput struct {
	// DomainID lists only the projects of that account.
	DomainID string
	// Name lists only the project with that name, such as "cn-north-4".
	Name string
	// ParentID lists the projects under that parent: the account id for
	// the regions' projects, a region project's id for its subprojects.
	ParentID string
	// Enabled lists only enabled (true) or disabled (false) projects.
	Enabled *bool
	// IsDomain is a Keystone filter IAM documents as not to be set.
	IsDomain *bool
	// Page (from 1) and PerPage (1-5000) select a page; they are set
	// together.
	Page, PerPage int32
}

// ListProjectsOutput is the answer of ListProjects.
type ListProjectsOutput struct {
	// Projects are the matching projects.
	Projects []*Project `json:"projects"`
	// Links holds the list's links.
	Links Links `json:"links"`
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string `json:"-"`
}

func listProjectsCall(in *ListProjectsInput) (call, error) {
	const op = "ListProjects"
	if in == nil {
		in = &ListProjectsInput{}
	}
	q := url.Values{}
	for _, f := range []struct{ field, key, v string }{
		{"DomainID", "domain_id", in.DomainID}, {"ParentID", "parent_id", in.ParentID},
	} {
		if f.v != "" {
			if err := checkID(op, f.field, f.v); err != nil {
				return call{}, err
			}
			q.Set(f.key, f.v)
		}
	}
	if in.Name != "" {
		if err := checkProjectName(op, "Name", in.Name); err != nil {
			return call{}, err
		}
		q.Set("name", in.Name)
	}
	if in.Enabled != nil {
		q.Set("enabled", strconv.FormatBool(*in.Enabled))
	}
	if in.IsDomain != nil {
		q.Set("is_domain", strconv.FormatBool(*in.IsDomain))
	}
	if err := pageQuery(op, in.Page, in.PerPage, MaxProjectsPerPage, q); err != nil {
		return call{}, err
	}
	return call{op: op, method: http.MethodGet, path: "/v3/projects", query: q, idempotent: true}, nil
}

// checkProjectName applies the shape of project names: 1-128 letters,
// digits, '-', '_' and '.' ("cn-north-4", "cn-north-4_dev").
func checkProjectName(op, field, name string) error {
	if name == "" || len(name) > 128 || checkID(op, field, name) != nil {
		return invalid(op, field, "must be 1-128 letters, digits, '-', '_' or '.', such as cn-north-4")
	}
	return nil
}

// ListProjects lists the account's projects: GET /v3/projects
// (KeystoneListProjects) with the domain_id, name, parent_id, enabled and
// is_domain filters. AllProjects reads every page.
func (c *Client) ListProjects(ctx context.Context, in *ListProjectsInput) (*ListProjectsOutput, error) {
	k, err := listProjectsCall(in)
	if err != nil {
		return nil, err
	}
	out := &ListProjectsOutput{}
	k.expect = func([]byte) error { return checkList(out.Projects, "projects") }
	resp, err := c.do(ctx, k, out)
	if err != nil {
		return nil, err
	}
	out.RequestID = resp.RequestID
	return out, nil
}

// AllProjects yields every project ListProjects lists: in one request when
// in sets no page, else a page (in.PerPage) at a time from in.Page.
func (c *Client) AllProjects(ctx context.Context, in *ListProjectsInput) iter.Seq2[*Project, error] {
	q := ListProjectsInput{}
	if in != nil {
		q = *in
	}
	if _, err := listProjectsCall(&q); err != nil {
		return func(yield func(*Project, error) bool) { yield(nil, err) }
	}
	if q.Page == 0 {
		// Unpaged, the list holds every project: read it as it arrives.
		k, err := listProjectsCall(&q)
		return stream[Project](c, ctx, k, err, "projects")
	}
	return pages(int(q.Page), int(q.PerPage), func(p *Project) string { return p.ID }, func(page int) (pageOf[Project], error) {
		p := q
		p.Page = int32(page)
		out, err := c.ListProjects(ctx, &p)
		if err != nil {
			return pageOf[Project]{}, err
		}
		return pageOf[Project]{items: out.Projects, total: -1}, nil
	})
}

// ShowProjectInput is the input of ShowProject.
type ShowProjectInput struct {
	// ProjectID is the id of the project (required).
	ProjectID string
}

// ShowProjectOutput is the answer of ShowProject.
type ShowProjectOutput struct {
	// Project is the project.
	Project *Project
	// RequestID is IAM's X-Request-Id of the answer.
	RequestID string
}

// ShowProject returns a project: GET /v3/projects/{project_id}
// (KeystoneShowProject).
func (c *Client) ShowProject(ctx context.Context, in *ShowProjectInput) (*ShowProjectOutput, error) {
	const op = "ShowProject"
	if in == nil {
		return nil, invalid(op, "ShowProjectInput", "required")
	}
	if err := checkID(op, "ProjectID", in.ProjectID); err != nil {
		return nil, err
	}
	var env struct {
		Project *Project `json:"project"`
	}
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/v3/projects/" + in.ProjectID, idempotent: true,
		expect: func([]byte) error {
			if env.Project == nil {
				return lacks(`"project"`)
			}
			if m := env.Project.missing(); m != "" {
				return lacks("project " + m)
			}
			return nil
		}}, &env)
	if err != nil {
		return nil, err
	}
	return &ShowProjectOutput{Project: env.Project, RequestID: resp.RequestID}, nil
}
