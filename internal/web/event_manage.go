package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

type attendanceData struct {
	Row      eventRow
	Places   []model.Booking // people with a place
	Waiting  []model.Booking
	CanMark  bool
	Attended map[int64]bool // as sent, when the form is shown again
}

// eventAttendanceForm lists who has booked and, once the event has started, lets an
// organiser mark who came.
func (s *Server) eventAttendanceForm(w http.ResponseWriter, r *http.Request) {
	e := eventFrom(r)
	s.renderAttendance(w, r, http.StatusOK, e, nil, nil)
}

func (s *Server) renderAttendance(w http.ResponseWriter, r *http.Request, status int, e *model.Event, sent map[int64]bool, fe *model.FieldErrors) {
	bs, err := s.db.EventBookings(r.Context(), e.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	row := s.rowOf(e)
	d := &attendanceData{Row: row, CanMark: row.Started && !e.Cancelled, Attended: sent}
	for _, b := range bs {
		switch {
		case b.HasPlace():
			d.Places = append(d.Places, b)
		case b.Status == model.BookingWaiting:
			d.Waiting = append(d.Waiting, b)
		}
	}
	if d.Attended == nil {
		d.Attended = map[int64]bool{}
		for _, b := range d.Places {
			d.Attended[b.ID] = b.Status == model.BookingAttended
		}
	}
	title := printerOf(r).T("titles.people_booked")
	if d.CanMark {
		title = printerOf(r).T("titles.mark_attendance")
	}
	s.render(w, r, status, "event_attendance", &page{Title: title, Nav: "events", BackLink: eventPath(e.ID),
		Errors: fe, Flash: s.takeFlash(w, r), Data: d})
}

// eventAttendanceSave records who came: ticked people attended, the rest did not.
func (s *Server) eventAttendanceSave(w http.ResponseWriter, r *http.Request) {
	e := eventFrom(r)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, model.Errorf(model.EINVALID, "resources.upload.errors.unreadable"))
		return
	}
	sent, ids := map[int64]bool{}, []int64{}
	for _, v := range r.PostForm["attended"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			fe := &model.FieldErrors{}
			fe.Add("attended", "events.attendance.missing")
			s.renderAttendance(w, r, http.StatusBadRequest, e, sent, fe)
			return
		}
		sent[id] = true
		ids = append(ids, id)
	}
	err := s.db.MarkAttendance(r.Context(), actorOf(userFrom(r)), e.ID, ids)
	var me *model.Error
	if errors.As(err, &me) && me.Code == model.EINVALID {
		fe := &model.FieldErrors{}
		fe.Add("attended", "events.attendance.missing")
		s.renderAttendance(w, r, http.StatusBadRequest, e, sent, fe)
		return
	}
	if err != nil {
		s.eventProblem(w, r, err, e)
		return
	}
	s.setFlash(w, "flash.attendance_saved")
	http.Redirect(w, r, eventPath(e.ID)+"/attendance", http.StatusSeeOther)
}

func (s *Server) eventCancelForm(w http.ResponseWriter, r *http.Request) {
	e, ok := s.changeableEvent(w, r)
	if !ok {
		return
	}
	s.renderEventCancel(w, r, http.StatusOK, e, "", nil)
}

func (s *Server) renderEventCancel(w http.ResponseWriter, r *http.Request, status int, e *model.Event, reason string, fe *model.FieldErrors) {
	s.render(w, r, status, "event_cancel", &page{Title: printerOf(r).T("titles.cancel_event_confirm"), Nav: "events",
		BackLink: eventPath(e.ID), Form: map[string]string{"reason": reason}, Errors: fe,
		Data: map[string]any{"Row": s.rowOf(e), "MaxReason": model.MaxCancelReason}})
}

// eventCancel cancels the event and emails everyone booked or waiting, with the reason.
func (s *Server) eventCancel(w http.ResponseWriter, r *http.Request) {
	e, ok := s.changeableEvent(w, r)
	if !ok {
		return
	}
	reason, fe := model.ValidateCancelReason(r.PostFormValue("reason"))
	if fe.Any() {
		s.renderEventCancel(w, r, http.StatusBadRequest, e, r.PostFormValue("reason"), fe)
		return
	}
	if _, err := s.db.CancelEvent(r.Context(), actorOf(userFrom(r)), e.ID, reason, s.eventEmails); err != nil {
		s.eventProblem(w, r, err, e)
		return
	}
	s.opts.Wake()
	s.setFlash(w, "flash.event_cancelled")
	http.Redirect(w, r, eventPath(e.ID), http.StatusSeeOther)
}
