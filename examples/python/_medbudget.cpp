// The Python module's native part: the C interface (medbudget.h) called as it is, text in and text
// out; medbudget/__init__.py turns dicts into JSON and back. Errors become medbudget.Error (with
// InputError, UsageError, InternalError below it) carrying status, code, message and where.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // optional

#include <optional>
#include <string>

#include "medbudget/medbudget.h"

namespace py = pybind11;

namespace {

// By mb_status; [0] is the base class medbudget.Error. Handles that own a reference for the life of
// the process (never released at interpreter exit, when releasing would be too late).
py::handle error_types[5];

py::tuple run(const std::string& command, const std::optional<std::string>& input, const std::string& options) {
  mb_result* r = nullptr;
  mb_error* e = nullptr;
  int status = 0;
  {
    py::gil_scoped_release unlocked;  // calls may run concurrently
    status = mb_run(command.c_str(), input ? input->c_str() : nullptr, options.c_str(), &r, &e);
  }
  if (status == MB_OK) {
    py::tuple t = py::make_tuple(py::str(r->output, r->size), py::str(r->warnings), py::str(r->records));
    mb_free(r);
    return t;
  }
  if (e == nullptr) throw std::bad_alloc();
  // Copied into Python objects first, then freed, so nothing is held if a conversion throws.
  py::str text, code, message, where;
  try {
    text = py::str(e->text);
    code = py::str(e->code_name);
    message = py::str(e->message);
    where = py::str(e->where);
  } catch (...) {
    mb_free(e);
    throw;
  }
  const int c = e->code;
  mb_free(e);
  const py::handle type = (c >= 1 && c <= 3) ? error_types[c] : error_types[0];
  py::object err = type(text);
  err.attr("status") = c;
  err.attr("code") = code;
  err.attr("message") = message;
  err.attr("where") = where;
  PyErr_SetObject(type.ptr(), err.ptr());
  throw py::error_already_set();
}

}  // namespace

PYBIND11_MODULE(_medbudget, m) {
  m.doc() = "medbudget's C interface, text in and text out (use the medbudget package instead)";
  py::object base = py::reinterpret_steal<py::object>(PyErr_NewExceptionWithDoc(
      "medbudget.Error", "A call failed: status (1 input, 2 usage, 3 internal), code, message, where.", PyExc_Exception,
      nullptr));
  const char* names[] = {"medbudget.InputError", "medbudget.UsageError", "medbudget.InternalError"};
  for (int i = 0; i < 3; ++i) error_types[i + 1] = PyErr_NewException(names[i], base.ptr(), nullptr);
  error_types[0] = base.release();
  error_types[4] = error_types[0];
  m.attr("Error") = error_types[0];
  m.attr("InputError") = error_types[1];
  m.attr("UsageError") = error_types[2];
  m.attr("InternalError") = error_types[3];
  m.attr("ABI_VERSION") = MB_ABI_VERSION;
  m.def("run", &run, py::arg("command"), py::arg("input"), py::arg("options"),
        "Runs a command; returns (output, warnings JSON, records summary) or raises medbudget.Error.");
}
