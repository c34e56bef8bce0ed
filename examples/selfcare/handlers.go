package main

import (
	"embed"
	"errors"
	"html/template"
	"log"
	"net/http"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/entitlement"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// handler routes the portal's pages:
//
//	GET  /                       the customers
//	GET  /account/{id}           a customer's portal
//	POST /account/{id}/order     the price of an add-on, to confirm (form: addon)
//	POST /account/{id}/confirm   the order placed: provisioning and the bill (form: addon)
//
// A bad request (an unknown customer, a form without an add-on, an ID that
// is no add-on) is answered 400 or 404 with a message; an order the rules
// refuse, 409 with the reason. Neither changes anything.
func (p *portal) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", p.index)
	mux.HandleFunc("GET /account/{id}", p.account)
	mux.HandleFunc("POST /account/{id}/order", p.order)
	mux.HandleFunc("POST /account/{id}/confirm", p.confirmOrder)
	return mux
}

func (p *portal) index(w http.ResponseWriter, r *http.Request) {
	type customer struct{ ID, Name string }
	var cs []customer
	for _, id := range p.customerIDs() {
		_, name, _, _ := p.customer(id)
		cs = append(cs, customer{id, name})
	}
	p.render(w, http.StatusOK, "index.html", map[string]any{"Customers": cs, "Now": p.now.Format("2 January 2006, 15:04 MST")})
}

func (p *portal) account(w http.ResponseWriter, r *http.Request) {
	pg, err := p.page(r.Context(), r.PathValue("id"))
	if err != nil {
		p.fail(w, err, "")
		return
	}
	p.render(w, http.StatusOK, "account.html", pg)
}

func (p *portal) order(w http.ResponseWriter, r *http.Request) {
	id, addOn, ok := p.form(w, r)
	if !ok {
		return
	}
	offer, err := p.preview(id, addOn)
	if err != nil {
		p.fail(w, err, addOn)
		return
	}
	p.render(w, http.StatusOK, "order.html", map[string]any{
		"ID": id, "AddOn": addOn, "Name": p.productName(addOn), "Lines": linesOf(offer.Lines), "Total": offer.Total.String(),
	})
}

func (p *portal) confirmOrder(w http.ResponseWriter, r *http.Request) {
	id, addOn, ok := p.form(w, r)
	if !ok {
		return
	}
	rec, err := p.confirm(r.Context(), id, addOn)
	if err != nil {
		p.fail(w, err, addOn)
		return
	}
	a, _, _, err := p.customer(id)
	if err != nil {
		p.fail(w, err, "")
		return
	}
	q, err := p.bill(a)
	if err != nil {
		p.fail(w, err, "")
		return
	}
	var changes []string
	for _, c := range rec.Changes {
		changes = append(changes, c.Format(entitlement.WithNames(p.cat)))
	}
	p.render(w, http.StatusOK, "confirmed.html", map[string]any{
		"ID": id, "Name": p.productName(addOn), "Total": rec.Offer.Total.String(), "Changes": changes,
		"Bill": billOf(q), "Bonus": rec.Bonus.String(),
	})
}

// form reads the account ID and the add-on of an order form, answering a
// bad request itself.
func (p *portal) form(w http.ResponseWriter, r *http.Request) (id, addOn string, ok bool) {
	id = r.PathValue("id")
	if err := r.ParseForm(); err != nil {
		p.message(w, http.StatusBadRequest, "The form could not be read.")
		return "", "", false
	}
	addOn = r.PostForm.Get("addon")
	if addOn == "" {
		p.message(w, http.StatusBadRequest, "Choose an add-on to order.")
		return "", "", false
	}
	if kind, _, known := p.cat.Precedence(addOn); !known || kind != catalog.KindAddOn {
		p.message(w, http.StatusBadRequest, "There is no add-on called "+addOn+".")
		return "", "", false
	}
	return id, addOn, true
}

// fail answers an error: 404 for an unknown customer, 409 with the reason
// for an order of addOn the rules refuse, 500 otherwise.
func (p *portal) fail(w http.ResponseWriter, err error, addOn string) {
	if errors.Is(err, errNoCustomer) {
		p.message(w, http.StatusNotFound, "There is no such customer.")
		return
	}
	for _, refusal := range []error{entitlement.ErrConflict, entitlement.ErrExcludes, entitlement.ErrRequires,
		entitlement.ErrQuantity, entitlement.ErrNotAllowed, entitlement.ErrNotEligible} {
		if errors.Is(err, refusal) {
			reason := entitlement.AddOnOffer{AddOn: addOn, Err: err}.Reason(entitlement.WithNames(p.cat))
			p.message(w, http.StatusConflict, "This add-on cannot be ordered: "+reason+".")
			return
		}
	}
	log.Printf("selfcare: %v", err)
	p.message(w, http.StatusInternalServerError, "Something went wrong; nothing was changed.")
}

func (p *portal) message(w http.ResponseWriter, status int, msg string) {
	p.render(w, status, "message.html", map[string]any{"Message": msg})
}

func (p *portal) render(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := pages.ExecuteTemplate(w, name, data); err != nil {
		log.Printf("selfcare: template %s: %v", name, err)
	}
}
