package web

import (
	"io"
	"net/http"
	"strconv"
)

// upload is what a form sent, held in memory.
type upload struct {
	workbook, config         []byte
	workbookName, configName string
	period, lang, format     string
}

// maxField bounds a text field (period, lang, format).
const maxField = 64

// readUpload reads a multipart form into memory, never more than limit
// bytes in all. It does not use Request.ParseMultipartForm, which writes
// files above its memory bound to the temporary folder: each part is read
// whole, through a reader that stops at the limit. The fields read are
// returned with the error, so that the caller can answer in the form's
// language.
func readUpload(w http.ResponseWriter, r *http.Request, limit int64) (*upload, error) {
	if r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &requestError{key: "not_multipart"}
	}
	u := &upload{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if isTooLarge(err) {
				return u, tooLarge(limit)
			}
			return u, &requestError{key: "not_multipart"}
		}
		name := part.FormName()
		bound := int64(maxField)
		if name == "workbook" || name == "config" {
			bound = limit
		}
		data, err := io.ReadAll(io.LimitReader(part, bound+1))
		part.Close()
		if err != nil {
			if isTooLarge(err) {
				return u, tooLarge(limit)
			}
			return u, &requestError{key: "not_multipart"}
		}
		// A text field over its bound is kept cut, one byte too long: the
		// checks below refuse it.
		if (name == "workbook" || name == "config") && int64(len(data)) > bound {
			return u, tooLarge(limit)
		}
		switch name {
		case "workbook":
			if part.FileName() != "" || len(data) > 0 {
				u.workbook, u.workbookName = data, part.FileName()
			}
		case "config":
			// A browser sends an empty part for a file input left empty.
			if part.FileName() != "" || len(data) > 0 {
				u.config, u.configName = data, part.FileName()
			}
		case "period":
			u.period = string(data)
		case "lang":
			u.lang = string(data)
		case "format":
			u.format = string(data)
		}
	}
	if u.lang != "" && u.lang != "fr" && u.lang != "en" {
		bad := u.lang
		u.lang = ""
		return u, &requestError{key: "lang", args: map[string]string{"lang": strconv.Quote(bad)}}
	}
	if err := checkPeriod(u.period); err != nil {
		return u, err
	}
	if len(u.workbook) == 0 {
		return u, &requestError{key: "no_workbook"}
	}
	if u.workbookName == "" {
		u.workbookName = "workbook.xlsx"
	}
	return u, nil
}

// tooLarge is the error of a request over limit bytes: 413.
func tooLarge(limit int64) error {
	return &requestError{key: "too_large", args: map[string]string{"mb": strconv.FormatInt(limit>>20, 10)}, status: http.StatusRequestEntityTooLarge}
}
