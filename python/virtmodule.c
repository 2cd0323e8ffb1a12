/* python/virtmodule.c - the CPython 3 binding of virt: module `virt`.
 *
 * libvirt-python's names and argument orders (its generator's nameFixup rule,
 * see ../shared/reference/libvirt-api-history.md section 5), so a script
 * written for libvirt-python runs with `import virt as libvirt`:
 *
 *     import virt as libvirt
 *     conn = libvirt.openReadOnly("test:///default")
 *     dom = conn.lookupByName("test")
 *     print("Domain 0: id %d running %s" % (dom.ID(), dom.OSType()))
 *     print(dom.info())
 *
 * Every function and method documents the C function it wraps on the last
 * line of its docstring ("C: virDomainLookupByName"); tests/test_api.py
 * reads virt.h and fails when a C function has no Python counterpart.
 *
 * Errors raise virt.libvirtError with the virError of the failed call
 * (get_error_code(), get_error_domain(), get_error_message(), ...).
 *
 * Lifetimes: a virDomain holds a C reference on its domain, and the domain
 * holds one on its connection (virt.h's object model), so a domain object
 * keeps working after conn.close(); the closed virConnect object itself
 * then raises VIR_ERR_INVALID_CONN. Each virDomain also keeps its Python
 * virConnect alive, so dom.connect() always answers.
 *
 * Threads: the GIL is released around every call into virt that can wait
 * on a peer (xend, xenstore, hypercalls, event polling).
 *
 * This file is the one translation unit of the module that compiles virt's
 * implementation.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h> /* first: it sets the feature macros libc sees */

#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <limits.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

static PyObject *py_libvirt_error;        /* virt.libvirtError */
static PyObject *py_error_handler;        /* registerErrorHandler's f, or NULL */
static PyObject *py_error_ctx;            /* ... and its ctx */
static int py_quiet_errors;               /* >0: errors raised now are expected */

static PyObject *py_str_or_none(const char *s)
{
    if (s) return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
    Py_RETURN_NONE;
}

/* [code, domain, message, level, str1, str2, str3, int1, int2], the list
 * libvirt-python's virGetLastError() returns. */
static PyObject *py_error_list(const virError *err)
{
    return Py_BuildValue("[iiNiNNNii]", err->code, err->domain, py_str_or_none(err->message),
                         (int)err->level, py_str_or_none(err->str1), py_str_or_none(err->str2),
                         py_str_or_none(err->str3), err->int1, err->int2);
}

static void py_raise_with(const char *defmsg, PyObject *errlist)
{
    PyObject *exc = PyObject_CallFunction(py_libvirt_error, "sO", defmsg, errlist);
    if (exc) {
        PyErr_SetObject(py_libvirt_error, exc);
        Py_DECREF(exc);
    }
}

/* Raises libvirtError from the calling thread's last virt error; defmsg
 * ("virDomainSuspend() failed") when virt recorded none. Returns NULL. */
static PyObject *py_raise(const char *defmsg)
{
    virErrorPtr err = virGetLastError();
    PyObject *errlist;
    if (!err) {
        py_raise_with(defmsg, Py_None);
        return NULL;
    }
    errlist = py_error_list(err);
    if (errlist) {
        py_raise_with(defmsg, errlist);
        Py_DECREF(errlist);
    }
    return NULL;
}

/* Raises libvirtError for a bad argument found here, before calling virt,
 * with the same fields virt would fill (VIR_ERR_INVALID_ARG). */
static PyObject *py_raise_arg(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    PyObject *errlist;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    errlist = Py_BuildValue("[iisiOOOii]", VIR_ERR_INVALID_ARG, VIR_FROM_NONE, msg, VIR_ERR_ERROR,
                            Py_None, Py_None, Py_None, 0, 0);
    if (errlist) {
        py_raise_with(msg, errlist);
        Py_DECREF(errlist);
    }
    return NULL;
}

/* virt's global error handler for the whole module: calls the Python
 * handler (f(ctx, errlist)), or prints like virDefaultErrorFunc when none
 * is registered, as libvirt-python does. Runs on whatever thread raised
 * the error, usually with the GIL released by the caller. */
static void py_error_trampoline(void *data, virErrorPtr err)
{
    PyGILState_STATE gil;
    PyObject *errlist, *result;
    (void)data;
    gil = PyGILState_Ensure();
    if (py_quiet_errors > 0) {
        PyGILState_Release(gil);
        return;
    }
    if (!py_error_handler) {
        PyGILState_Release(gil);
        virDefaultErrorFunc(err);
        return;
    }
    errlist = py_error_list(err);
    result = errlist ? PyObject_CallFunctionObjArgs(py_error_handler, py_error_ctx, errlist, NULL) : NULL;
    /* the handler runs inside a C call: its exception cannot propagate */
    if (!result) PyErr_WriteUnraisable(py_error_handler);
    Py_XDECREF(result);
    Py_XDECREF(errlist);
    PyGILState_Release(gil);
}

/* ------------------------------------------------------------------ */
/* Argument helpers                                                     */
/* ------------------------------------------------------------------ */

/* An int that must fit unsigned long (memory sizes, in KiB). */
static int py_to_ulong(PyObject *o, const char *what, unsigned long *out)
{
    unsigned long v;
    if (!PyLong_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s", what, Py_TYPE(o)->tp_name);
        return -1;
    }
    v = PyLong_AsUnsignedLong(o);
    if (v == (unsigned long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        py_raise_arg("%s out of range (0 .. %lu)", what, ULONG_MAX);
        return -1;
    }
    *out = v;
    return 0;
}

static int py_to_uint(PyObject *o, const char *what, unsigned int *out)
{
    unsigned long v;
    if (py_to_ulong(o, what, &v) < 0) return -1;
    if (v > UINT_MAX) {
        py_raise_arg("%s out of range (0 .. %u): %lu", what, UINT_MAX, v);
        return -1;
    }
    *out = (unsigned int)v;
    return 0;
}

/* Strings virt allocated: to str, then freed. */
static PyObject *py_take_string(char *s, const char *defmsg)
{
    PyObject *r;
    if (!s) return py_raise(defmsg);
    r = py_str_or_none(s);
    free(s);
    return r;
}

/* ------------------------------------------------------------------ */
/* Types                                                                */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    virConnectPtr conn;       /* NULL once closed */
    int busy;                 /* calls in flight with the GIL released */
    int close_pending;        /* close() came while busy: the last call closes */
    PyObject *event_callbacks;/* list of (cb, opaque) tuples */
    int events_registered;    /* our C callback is registered on conn: 1 with
                               * virt_domain_event_register, 2 with
                               * virConnectDomainEventRegister */
    PyObject *any_ids;        /* set of domainEventRegisterAny callback ids */
    struct PyEventReg *close_reg; /* registerCloseCallback's, owned here */
} PyVirConnect;

typedef struct {
    PyObject_HEAD
    virDomainPtr dom;         /* one C reference */
    PyVirConnect *conn;       /* the Python connection (strong reference) */
} PyVirDomain;

static PyTypeObject PyVirConnect_Type;
static PyTypeObject PyVirDomain_Type;

static PyObject *py_wrap_conn(virConnectPtr c)
{
    PyVirConnect *self = PyObject_New(PyVirConnect, &PyVirConnect_Type);
    if (!self) {
        virConnectClose(c);
        return NULL;
    }
    self->conn = c;
    self->busy = 0;
    self->close_pending = 0;
    self->events_registered = 0;
    self->close_reg = NULL;
    self->any_ids = PySet_New(NULL);
    self->event_callbacks = PyList_New(0);
    if (!self->event_callbacks || !self->any_ids) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

/* Takes over the caller's C reference on d. */
static PyObject *py_wrap_domain(PyVirConnect *conn, virDomainPtr d)
{
    PyVirDomain *self = PyObject_New(PyVirDomain, &PyVirDomain_Type);
    if (!self) {
        virDomainFree(d);
        return NULL;
    }
    self->dom = d;
    Py_INCREF(conn);
    self->conn = conn;
    return (PyObject *)self;
}

static PyObject *py_domain_or_raise(PyVirConnect *conn, virDomainPtr d, const char *defmsg)
{
    if (!d) return py_raise(defmsg);
    return py_wrap_domain(conn, d);
}

/* Calls on a connection pin it: close() while another thread is inside a
 * call on it is deferred to the end of that call, so the C connection is
 * never freed under a running call. Both run with the GIL held. */
static virConnectPtr py_conn_enter(PyVirConnect *self)
{
    if (!self->conn || self->close_pending) return NULL;   /* virt reports INVALID_CONN */
    self->busy++;
    return self->conn;
}
static void py_events_off(PyVirConnect *self);
static void py_any_off(PyVirConnect *self);
static void py_conn_leave(PyVirConnect *self, virConnectPtr c)
{
    if (!c) return;
    self->busy--;
    if (self->busy == 0 && self->close_pending) {
        self->close_pending = 0;
        py_events_off(self);
        py_any_off(self);
        virConnectClose(self->conn);
        self->conn = NULL;
    }
}

#define PY_CALL(stmt)              \
    do {                           \
        Py_BEGIN_ALLOW_THREADS     \
        stmt;                      \
        Py_END_ALLOW_THREADS       \
    } while (0)

/* ------------------------------------------------------------------ */
/* Domain events (virt_domain_event_*)                                  */
/* ------------------------------------------------------------------ */

/* A Python virDomain for the domain of an event, which is only lent for
 * the callback: the binding takes its own reference (virDomainRef, as
 * libvirt-python does), which never dispatches, so it also works for a
 * domain that no longer exists. */
static PyObject *py_event_domain(PyVirConnect *self, virDomainPtr dom)
{
    virDomainPtr ref = virDomainRef(dom) == 0 ? dom : NULL;
    return py_domain_or_raise(self, ref, "cannot reference the event's domain");
}

static void py_event_trampoline(virConnectPtr c, virDomainPtr dom, int event,
                                unsigned long long detail, void *opaque)
{
    PyVirConnect *self = (PyVirConnect *)opaque;
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *pydom, *callbacks;
    Py_ssize_t i;
    (void)c;
    pydom = py_event_domain(self, dom);
    /* a snapshot: a callback may deregister itself or others */
    callbacks = pydom ? PySequence_List(self->event_callbacks) : NULL;
    for (i = 0; callbacks && i < PyList_GET_SIZE(callbacks); i++) {
        PyObject *entry = PyList_GET_ITEM(callbacks, i);
        PyObject *r = PyObject_CallFunction(PyTuple_GET_ITEM(entry, 0), "OOiKO", (PyObject *)self, pydom,
                                            event, detail, PyTuple_GET_ITEM(entry, 1));
        if (!r) PyErr_WriteUnraisable(PyTuple_GET_ITEM(entry, 0));
        Py_XDECREF(r);
    }
    if (!pydom || !callbacks) PyErr_WriteUnraisable((PyObject *)self);
    Py_XDECREF(callbacks);
    Py_XDECREF(pydom);
    PyGILState_Release(gil);
}

/* domainEventRegister through libvirt's API (the event loop) */
static int py_event_legacy(virConnectPtr c, virDomainPtr dom, int event, int detail, void *opaque)
{
    py_event_trampoline(c, dom, event, (unsigned long long)detail, opaque);
    return 0;
}

static void py_events_off(PyVirConnect *self)
{
    if (self->events_registered && self->conn) {
        int r;
        py_quiet_errors++;
        if (self->events_registered == 2) r = virConnectDomainEventDeregister(self->conn, py_event_legacy);
        else r = virt_domain_event_deregister(self->conn, py_event_trampoline);
        if (r < 0) virResetLastError();
        py_quiet_errors--;
    }
    self->events_registered = 0;
}

/* ------------------------------------------------------------------ */
/* libvirt's event API: domainEventRegisterAny, the close callback,     */
/* keepalive and liveness (libvirt-python's shapes)                     */
/* ------------------------------------------------------------------ */

/* One registration: the Python connection, callback and opaque, owned
 * by the C library until its free callback runs (at deregistration; with
 * the GIL taken there, since deregistration may run with it released). */
typedef struct PyEventReg {
    PyVirConnect *conn;
    PyObject *cb, *opaque;
} PyEventReg;

static PyEventReg *py_event_reg_new(PyVirConnect *self, PyObject *cb, PyObject *opaque)
{
    PyEventReg *reg;
    if (!PyCallable_Check(cb)) {
        PyErr_SetString(PyExc_TypeError, "the event callback must be callable");
        return NULL;
    }
    reg = (PyEventReg *)PyMem_RawMalloc(sizeof *reg);
    if (!reg) { PyErr_NoMemory(); return NULL; }
    Py_INCREF(self); Py_INCREF(cb); Py_INCREF(opaque);
    reg->conn = self; reg->cb = cb; reg->opaque = opaque;
    return reg;
}

static void py_event_reg_free(void *opaque)
{
    PyEventReg *reg = (PyEventReg *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    Py_DECREF(reg->cb);
    Py_DECREF(reg->opaque);
    Py_DECREF((PyObject *)reg->conn);
    PyMem_RawFree(reg);
    PyGILState_Release(g);
}

/* cb(conn, dom, event, detail, opaque), as libvirt-python calls it */
static void py_event_lifecycle(virConnectPtr c, virDomainPtr dom, int event, int detail, void *opaque)
{
    PyEventReg *reg = (PyEventReg *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *pydom = py_event_domain(reg->conn, dom), *r = NULL;
    (void)c;
    if (pydom) r = PyObject_CallFunction(reg->cb, "OOiiO", (PyObject *)reg->conn, pydom, event, detail, reg->opaque);
    if (!r) PyErr_Print();      /* as libvirt-python: reported, the loop goes on */
    Py_XDECREF(r);
    Py_XDECREF(pydom);
    PyGILState_Release(g);
}

/* Other event ids: virt's drivers never raise them. */
static void py_event_other(virConnectPtr c, virDomainPtr dom, void *opaque)
{
    (void)c; (void)dom; (void)opaque;
}

static PyObject *conn_domainEventRegisterAny(PyVirConnect *self, PyObject *args)
{
    PyObject *pydom, *cb, *opaque = Py_None, *key;
    PyEventReg *reg;
    virDomainPtr dom = NULL;
    virConnectPtr c;
    int event_id, id;
    if (!PyArg_ParseTuple(args, "OiO|O:domainEventRegisterAny", &pydom, &event_id, &cb, &opaque)) return NULL;
    if (pydom != Py_None) {
        if (!PyObject_TypeCheck(pydom, &PyVirDomain_Type)) {
            PyErr_SetString(PyExc_TypeError, "domainEventRegisterAny: dom must be a virDomain or None");
            return NULL;
        }
        dom = ((PyVirDomain *)pydom)->dom;
    }
    if (!(reg = py_event_reg_new(self, cb, opaque))) return NULL;
    c = py_conn_enter(self);
    PY_CALL(id = virConnectDomainEventRegisterAny(
                c, dom, event_id,
                event_id == VIR_DOMAIN_EVENT_ID_LIFECYCLE ? VIR_DOMAIN_EVENT_CALLBACK(py_event_lifecycle)
                                                          : py_event_other,
                reg, py_event_reg_free));
    py_conn_leave(self, c);
    if (id < 0) {
        py_event_reg_free(reg);
        return py_raise("virConnectDomainEventRegisterAny() failed");
    }
    /* remembered, so that close() can deregister what is left */
    key = PyLong_FromLong(id);
    if (!key || PySet_Add(self->any_ids, key) < 0) { Py_XDECREF(key); return NULL; }
    return key;
}

static PyObject *conn_domainEventDeregisterAny(PyVirConnect *self, PyObject *args)
{
    int id, r;
    PyObject *key;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "i:domainEventDeregisterAny", &id)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virConnectDomainEventDeregisterAny(c, id));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectDomainEventDeregisterAny() failed");
    key = PyLong_FromLong(id);
    if (!key || PySet_Discard(self->any_ids, key) < 0) { Py_XDECREF(key); return NULL; }
    Py_DECREF(key);
    Py_RETURN_NONE;             /* as libvirt-python */
}

/* cb(conn, reason, opaque) */
static void py_close_trampoline(virConnectPtr c, int reason, void *opaque)
{
    PyEventReg *reg = (PyEventReg *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *r = PyObject_CallFunction(reg->cb, "OiO", (PyObject *)reg->conn, reason, reg->opaque);
    (void)c;
    if (!r) PyErr_Print();
    Py_XDECREF(r);
    PyGILState_Release(g);
}

/* close() deregisters what the program left registered: the C
 * registrations hold the connection and this object. */
static void py_any_off(PyVirConnect *self)
{
    PyObject *key;
    if (!self->any_ids) return;
    py_quiet_errors++;
    while (self->conn && PySet_GET_SIZE(self->any_ids) > 0 && (key = PySet_Pop(self->any_ids))) {
        if (virConnectDomainEventDeregisterAny(self->conn, (int)PyLong_AsLong(key)) < 0) virResetLastError();
        Py_DECREF(key);
    }
    if (PyErr_Occurred()) PyErr_Clear();
    if (self->close_reg && self->conn &&
        virConnectUnregisterCloseCallback(self->conn, py_close_trampoline) < 0)
        virResetLastError();
    py_quiet_errors--;
    if (self->close_reg) py_event_reg_free(self->close_reg);
    self->close_reg = NULL;
}

static PyObject *conn_registerCloseCallback(PyVirConnect *self, PyObject *args)
{
    PyObject *cb, *opaque = Py_None;
    PyEventReg *reg;
    virConnectPtr c;
    int r;
    if (!PyArg_ParseTuple(args, "O|O:registerCloseCallback", &cb, &opaque)) return NULL;
    if (!(reg = py_event_reg_new(self, cb, opaque))) return NULL;
    /* the binding owns reg (no C free callback): drivers without a peer
     * accept a close callback and never call or free it, as libvirt's */
    c = py_conn_enter(self);
    PY_CALL(r = virConnectRegisterCloseCallback(c, py_close_trampoline, reg, NULL));
    py_conn_leave(self, c);
    if (r < 0) {
        py_event_reg_free(reg);
        return py_raise("virConnectRegisterCloseCallback() failed");
    }
    if (self->close_reg) py_event_reg_free(self->close_reg);   /* a second one on the test driver */
    self->close_reg = reg;
    return PyLong_FromLong(r);
}

static PyObject *conn_unregisterCloseCallback(PyVirConnect *self, PyObject *noargs)
{
    virConnectPtr c = py_conn_enter(self);
    int r;
    (void)noargs;
    PY_CALL(r = virConnectUnregisterCloseCallback(c, py_close_trampoline));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectUnregisterCloseCallback() failed");
    if (self->close_reg) py_event_reg_free(self->close_reg);
    self->close_reg = NULL;
    Py_RETURN_NONE;
}

static PyObject *conn_setKeepAlive(PyVirConnect *self, PyObject *args)
{
    int interval, r;
    unsigned int count;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "iI:setKeepAlive", &interval, &count)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virConnectSetKeepAlive(c, interval, count));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectSetKeepAlive() failed");
    return PyLong_FromLong(r);
}

/* isAlive / isEncrypted / isSecure: an int, -1 raises */
static PyObject *py_conn_int(PyVirConnect *self, int (*fn)(virConnectPtr), const char *defmsg)
{
    virConnectPtr c = py_conn_enter(self);
    int r;
    PY_CALL(r = fn(c));
    py_conn_leave(self, c);
    if (r < 0) return py_raise(defmsg);
    return PyLong_FromLong(r);
}
static PyObject *conn_isAlive(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    return py_conn_int(self, virConnectIsAlive, "virConnectIsAlive() failed");
}
static PyObject *conn_isEncrypted(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    return py_conn_int(self, virConnectIsEncrypted, "virConnectIsEncrypted() failed");
}
static PyObject *conn_isSecure(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    return py_conn_int(self, virConnectIsSecure, "virConnectIsSecure() failed");
}

/* ------------------------------------------------------------------ */
/* virConnect                                                           */
/* ------------------------------------------------------------------ */

static void PyVirConnect_dealloc(PyVirConnect *self)
{
    py_events_off(self);
    py_any_off(self);
    if (self->conn) virConnectClose(self->conn);
    Py_XDECREF(self->event_callbacks);
    Py_XDECREF(self->any_ids);
    PyObject_Free(self);
}

static PyObject *PyVirConnect_repr(PyVirConnect *self)
{
    char *uri;
    PyObject *r;
    if (!self->conn) return PyUnicode_FromFormat("<virt.virConnect (closed) at %p>", (void *)self);
    uri = virConnectGetURI(self->conn);
    r = PyUnicode_FromFormat("<virt.virConnect '%s' at %p>", uri ? uri : "?", (void *)self);
    free(uri);
    return r;
}

static PyObject *conn_close(PyVirConnect *self, PyObject *noargs)
{
    int r;
    (void)noargs;
    if (self->conn && self->busy) {      /* another thread is inside a call: */
        self->close_pending = 1;         /* it closes when it returns; new */
        return PyLong_FromLong(0);       /* calls fail with INVALID_CONN */
    }
    py_events_off(self);
    py_any_off(self);
    r = virConnectClose(self->conn);
    if (r < 0) return py_raise("virConnectClose() failed");
    self->conn = NULL;
    return PyLong_FromLong(r);
}

static PyObject *conn_getType(PyVirConnect *self, PyObject *noargs)
{
    const char *t = virConnectGetType(self->conn);
    (void)noargs;
    if (!t) return py_raise("virConnectGetType() failed");
    return py_str_or_none(t);
}

static PyObject *conn_getVersion(PyVirConnect *self, PyObject *noargs)
{
    unsigned long v = 0;
    int r;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(r = virConnectGetVersion(c, &v));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectGetVersion() failed");
    return PyLong_FromUnsignedLong(v);
}

static PyObject *conn_getURI(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    return py_take_string(virConnectGetURI(self->conn), "virConnectGetURI() failed");
}

static PyObject *conn_getHostname(PyVirConnect *self, PyObject *noargs)
{
    char *s;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(s = virConnectGetHostname(c));
    py_conn_leave(self, c);
    return py_take_string(s, "virConnectGetHostname() failed");
}

/* [model, memory MiB, cpus, mhz, nodes, sockets, cores, threads]: MiB, as
 * libvirt-python reports it (the C struct has KiB). */
static PyObject *conn_getInfo(PyVirConnect *self, PyObject *noargs)
{
    virNodeInfo info;
    int r;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(r = virNodeGetInfo(c, &info));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virNodeGetInfo() failed");
    info.model[sizeof info.model - 1] = '\0';
    return Py_BuildValue("[skIIIIII]", info.model, info.memory >> 10, info.cpus, info.mhz, info.nodes,
                         info.sockets, info.cores, info.threads);
}

static PyObject *conn_numOfDomains(PyVirConnect *self, PyObject *noargs)
{
    int n;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(n = virConnectNumOfDomains(c));
    py_conn_leave(self, c);
    if (n < 0) return py_raise("virConnectNumOfDomains() failed");
    return PyLong_FromLong(n);
}

static PyObject *conn_numOfDefinedDomains(PyVirConnect *self, PyObject *noargs)
{
    int n;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(n = virConnectNumOfDefinedDomains(c));
    py_conn_leave(self, c);
    if (n < 0) return py_raise("virConnectNumOfDefinedDomains() failed");
    return PyLong_FromLong(n);
}

static PyObject *conn_listDomainsID(PyVirConnect *self, PyObject *noargs)
{
    int *ids, n, i;
    PyObject *list = NULL;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    ids = (int *)PyMem_Malloc(sizeof *ids * VIRT_MAX_DOMAINS);
    if (!ids) {
        py_conn_leave(self, c);
        return PyErr_NoMemory();
    }
    PY_CALL(n = virConnectListDomains(c, ids, VIRT_MAX_DOMAINS));
    py_conn_leave(self, c);
    if (n < 0) py_raise("virConnectListDomains() failed");
    else if ((list = PyList_New(n)) != NULL) {
        for (i = 0; i < n; i++) {
            PyObject *id = PyLong_FromLong(ids[i]);
            if (!id) { Py_CLEAR(list); break; }
            PyList_SET_ITEM(list, i, id);
        }
    }
    PyMem_Free(ids);
    return list;
}

static PyObject *conn_listDefinedDomains(PyVirConnect *self, PyObject *noargs)
{
    char **names;
    int n, i;
    PyObject *list = NULL;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    names = (char **)PyMem_Calloc(VIRT_MAX_DOMAINS, sizeof *names);
    if (!names) {
        py_conn_leave(self, c);
        return PyErr_NoMemory();
    }
    PY_CALL(n = virConnectListDefinedDomains(c, names, VIRT_MAX_DOMAINS));
    py_conn_leave(self, c);
    if (n < 0) py_raise("virConnectListDefinedDomains() failed");
    else list = PyList_New(0);
    for (i = 0; i < n; i++) {
        if (list) {
            PyObject *s = py_str_or_none(names[i]);
            if (!s || PyList_Append(list, s) < 0) Py_CLEAR(list);
            Py_XDECREF(s);
        }
        free(names[i]);
    }
    PyMem_Free(names);
    return list;
}

static PyObject *conn_create_common(PyVirConnect *self, PyObject *args, PyObject *kwds, int linux_name)
{
    static const char *kwlist[] = {"xmlDesc", "flags", NULL};
    const char *xml;
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, linux_name ? "s|O:createLinux" : "s|O:createXML",
                                     (char **)kwlist, &xml, &flags_obj))
        return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    c = py_conn_enter(self);
    if (linux_name) PY_CALL(d = virDomainCreateLinux(c, xml, flags));
    else PY_CALL(d = virDomainCreateXML(c, xml, flags));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, linux_name ? "virDomainCreateLinux() failed" : "virDomainCreateXML() failed");
}

static PyObject *conn_createLinux(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    return conn_create_common(self, args, kwds, 1);
}

static PyObject *conn_createXML(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    return conn_create_common(self, args, kwds, 0);
}

static PyObject *conn_defineXML(PyVirConnect *self, PyObject *args)
{
    const char *xml;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "s:defineXML", &xml)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(d = virDomainDefineXML(c, xml));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, "virDomainDefineXML() failed");
}

/* virConnectDomainXMLFromNative / ToNative: (format, text, flags=0) -> str */
static PyObject *conn_native(PyVirConnect *self, PyObject *args, int to_native)
{
    const char *format, *text;
    unsigned int flags = 0;
    char *s;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, to_native ? "ss|I:domainXMLToNative" : "ss|I:domainXMLFromNative", &format, &text, &flags))
        return NULL;
    c = py_conn_enter(self);
    PY_CALL(s = to_native ? virConnectDomainXMLToNative(c, format, text, flags)
                          : virConnectDomainXMLFromNative(c, format, text, flags));
    py_conn_leave(self, c);
    return py_take_string(s, to_native ? "virConnectDomainXMLToNative() failed" : "virConnectDomainXMLFromNative() failed");
}

static PyObject *conn_domainXMLFromNative(PyVirConnect *self, PyObject *args)
{
    return conn_native(self, args, 0);
}

static PyObject *conn_domainXMLToNative(PyVirConnect *self, PyObject *args)
{
    return conn_native(self, args, 1);
}

static PyObject *conn_lookupByName(PyVirConnect *self, PyObject *args)
{
    const char *name;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "s:lookupByName", &name)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(d = virDomainLookupByName(c, name));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, "virDomainLookupByName() failed");
}

static PyObject *conn_lookupByID(PyVirConnect *self, PyObject *args)
{
    int id;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "i:lookupByID", &id)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(d = virDomainLookupByID(c, id));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, "virDomainLookupByID() failed");
}

static PyObject *conn_lookupByUUID(PyVirConnect *self, PyObject *args)
{
    Py_buffer uuid;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "y*:lookupByUUID", &uuid)) return NULL;
    if (uuid.len != VIRT_UUID_BUFLEN) {
        Py_ssize_t len = uuid.len;
        PyBuffer_Release(&uuid);
        return py_raise_arg("virDomainLookupByUUID: a UUID is %d bytes, not %zd", VIRT_UUID_BUFLEN, len);
    }
    c = py_conn_enter(self);
    PY_CALL(d = virDomainLookupByUUID(c, (const unsigned char *)uuid.buf));
    py_conn_leave(self, c);
    PyBuffer_Release(&uuid);
    return py_domain_or_raise(self, d, "virDomainLookupByUUID() failed");
}

static PyObject *conn_lookupByUUIDString(PyVirConnect *self, PyObject *args)
{
    const char *uuid;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "s:lookupByUUIDString", &uuid)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(d = virDomainLookupByUUIDString(c, uuid));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, "virDomainLookupByUUIDString() failed");
}

static PyObject *conn_restore(PyVirConnect *self, PyObject *args)
{
    const char *from;
    int r;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "s:restore", &from)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virDomainRestore(c, from));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virDomainRestore() failed");
    return PyLong_FromLong(r);
}

static PyObject *conn_virConnGetLastError(PyVirConnect *self, PyObject *noargs)
{
    virError copy;
    PyObject *r;
    (void)noargs;
    memset(&copy, 0, sizeof copy);
    /* a copy: another thread may raise on this connection meanwhile */
    if (virConnCopyLastError(self->conn, &copy) <= 0) {
        virResetError(&copy);
        Py_RETURN_NONE;
    }
    r = py_error_list(&copy);
    virResetError(&copy);
    return r;
}

static PyObject *conn_virConnResetLastError(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    virConnResetLastError(self->conn);
    Py_RETURN_NONE;
}

static PyObject *conn_domainEventRegister(PyVirConnect *self, PyObject *args)
{
    PyObject *cb, *opaque = Py_None, *entry;
    if (!PyArg_ParseTuple(args, "O|O:domainEventRegister", &cb, &opaque)) return NULL;
    if (!PyCallable_Check(cb)) {
        PyErr_SetString(PyExc_TypeError, "domainEventRegister: the callback must be callable");
        return NULL;
    }
    if (!self->events_registered) {
        int r;
        virConnectPtr c = py_conn_enter(self);
        /* libvirt's legacy API, delivered by the event loop; without a
         * loop registered, virt's own (delivered by domainEventPoll) */
        py_quiet_errors++;
        PY_CALL(r = virConnectDomainEventRegister(c, py_event_legacy, self, NULL));
        py_quiet_errors--;
        if (r == 0) {
            self->events_registered = 2;
        } else {
            virResetLastError();
            PY_CALL(r = virt_domain_event_register(c, py_event_trampoline, self));
            if (r == 0) self->events_registered = 1;
        }
        py_conn_leave(self, c);
        if (r < 0) return py_raise("virt_domain_event_register() failed");
    }
    entry = PyTuple_Pack(2, cb, opaque);
    if (!entry || PyList_Append(self->event_callbacks, entry) < 0) {
        Py_XDECREF(entry);
        return NULL;
    }
    Py_DECREF(entry);
    Py_RETURN_NONE;             /* libvirt-python's returns None */
}

static PyObject *conn_domainEventDeregister(PyVirConnect *self, PyObject *args)
{
    PyObject *cb;
    Py_ssize_t i;
    int found = 0;
    if (!PyArg_ParseTuple(args, "O:domainEventDeregister", &cb)) return NULL;
    for (i = PyList_GET_SIZE(self->event_callbacks) - 1; i >= 0; i--) {
        PyObject *entry = PyList_GET_ITEM(self->event_callbacks, i);
        int same = PyObject_RichCompareBool(PyTuple_GET_ITEM(entry, 0), cb, Py_EQ);
        if (same < 0) return NULL;
        if (same) {
            if (PySequence_DelItem(self->event_callbacks, i) < 0) return NULL;
            found = 1;
        }
    }
    if (!found) return py_raise_arg("domainEventDeregister: that callback is not registered");
    if (PyList_GET_SIZE(self->event_callbacks) == 0) py_events_off(self);
    Py_RETURN_NONE;
}

static PyObject *conn_domainEventPoll(PyVirConnect *self, PyObject *args)
{
    int timeout_ms = 0, n;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "|i:domainEventPoll", &timeout_ms)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(n = virt_domain_event_poll(c, timeout_ms));
    py_conn_leave(self, c);
    if (PyErr_Occurred()) return NULL;
    if (n < 0) return py_raise("virt_domain_event_poll() failed");
    return PyLong_FromLong(n);
}

#define NOARGS(f) (PyCFunction)(void (*)(void))(f), METH_NOARGS
#define VARARGS(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS
#define KWARGS(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

/* defined with the issue-11 calls, after the module functions */
static PyObject *conn_getLibVersion(PyVirConnect *self, PyObject *noargs);
static PyObject *conn_getCapabilities(PyVirConnect *self, PyObject *noargs);
static PyObject *conn_getMaxVcpus(PyVirConnect *self, PyObject *args);
static PyObject *conn_getFreeMemory(PyVirConnect *self, PyObject *noargs);
static PyObject *conn_getCellsFreeMemory(PyVirConnect *self, PyObject *args);
static PyObject *dom_maxVcpus(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_vcpusFlags(PyVirDomain *self, PyObject *args);
static PyObject *dom_setVcpusFlags(PyVirDomain *self, PyObject *args);
static PyObject *dom_autostart(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_setAutostart(PyVirDomain *self, PyObject *args);
static PyObject *dom_schedulerType(PyVirDomain *self, PyObject *noargs);

static PyMethodDef PyVirConnect_methods[] = {
    {"close", NOARGS(conn_close),
     "close() -> int\n\nDrops this connection; domain objects keep it open until freed. Returns\n"
     "the references left (0: closed).\n\nC: virConnectClose"},
    {"getType", NOARGS(conn_getType), "getType() -> str\n\nC: virConnectGetType"},
    {"getCapabilities", NOARGS(conn_getCapabilities), "getCapabilities() -> str\n\nC: virConnectGetCapabilities"},
    {"getMaxVcpus", VARARGS(conn_getMaxVcpus), "getMaxVcpus(type) -> int\n\nC: virConnectGetMaxVcpus"},
    {"getFreeMemory", NOARGS(conn_getFreeMemory), "getFreeMemory() -> bytes\n\nC: virNodeGetFreeMemory"},
    {"getCellsFreeMemory", VARARGS(conn_getCellsFreeMemory),
     "getCellsFreeMemory(startCell, maxCells) -> [bytes, ...]\n\nC: virNodeGetCellsFreeMemory"},
    {"getLibVersion", NOARGS(conn_getLibVersion),
     "getLibVersion() -> int (virt's version)\n\nC: virConnectGetLibVersion"},
    {"getVersion", NOARGS(conn_getVersion),
     "getVersion() -> int\n\nThe hypervisor's version, major * 1000000 + minor * 1000 + micro.\n\n"
     "C: virConnectGetVersion"},
    {"getURI", NOARGS(conn_getURI), "getURI() -> str\n\nC: virConnectGetURI"},
    {"getHostname", NOARGS(conn_getHostname), "getHostname() -> str\n\nC: virConnectGetHostname"},
    {"getInfo", NOARGS(conn_getInfo),
     "getInfo() -> [model, memory MiB, cpus, mhz, nodes, sockets, cores, threads]\n\nC: virNodeGetInfo"},
    {"listDomainsID", NOARGS(conn_listDomainsID),
     "listDomainsID() -> list of the running domains' ids\n\nC: virConnectListDomains"},
    {"numOfDomains", NOARGS(conn_numOfDomains), "numOfDomains() -> int\n\nC: virConnectNumOfDomains"},
    {"listDefinedDomains", NOARGS(conn_listDefinedDomains),
     "listDefinedDomains() -> list of the inactive domains' names\n\nC: virConnectListDefinedDomains"},
    {"numOfDefinedDomains", NOARGS(conn_numOfDefinedDomains),
     "numOfDefinedDomains() -> int\n\nC: virConnectNumOfDefinedDomains"},
    {"createLinux", KWARGS(conn_createLinux),
     "createLinux(xmlDesc, flags=0) -> virDomain\n\nCreates and starts a transient domain.\n\n"
     "C: virDomainCreateLinux"},
    {"createXML", KWARGS(conn_createXML), "createXML(xmlDesc, flags=0) -> virDomain\n\nC: virDomainCreateXML"},
    {"defineXML", VARARGS(conn_defineXML), "defineXML(xml) -> virDomain\n\nC: virDomainDefineXML"},
    {"domainXMLFromNative", VARARGS(conn_domainXMLFromNative),
     "domainXMLFromNative(nativeFormat, nativeConfig, flags=0) -> str\n\nC: virConnectDomainXMLFromNative"},
    {"domainXMLToNative", VARARGS(conn_domainXMLToNative),
     "domainXMLToNative(nativeFormat, domainXml, flags=0) -> str\n\nC: virConnectDomainXMLToNative"},
    {"lookupByName", VARARGS(conn_lookupByName), "lookupByName(name) -> virDomain\n\nC: virDomainLookupByName"},
    {"lookupByID", VARARGS(conn_lookupByID), "lookupByID(id) -> virDomain\n\nC: virDomainLookupByID"},
    {"lookupByUUID", VARARGS(conn_lookupByUUID),
     "lookupByUUID(uuid) -> virDomain\n\nuuid: 16 bytes.\n\nC: virDomainLookupByUUID"},
    {"lookupByUUIDString", VARARGS(conn_lookupByUUIDString),
     "lookupByUUIDString(uuidstr) -> virDomain\n\nC: virDomainLookupByUUIDString"},
    {"restore", VARARGS(conn_restore), "restore(frm) -> 0\n\nC: virDomainRestore"},
    {"virConnGetLastError", NOARGS(conn_virConnGetLastError),
     "virConnGetLastError() -> error list or None\n\nC: virConnGetLastError"},
    {"virConnResetLastError", NOARGS(conn_virConnResetLastError),
     "virConnResetLastError()\n\nC: virConnResetLastError"},
    {"domainEventRegister", VARARGS(conn_domainEventRegister),
     "domainEventRegister(cb, opaque=None) -> None\n\n"
     "cb(conn, dom, event, detail, opaque) runs from the event loop once one is registered\n"
     "(virEventRegisterDefaultImpl), else (virt_domain_event_register) from domainEventPoll().\n\n"
     "C: virConnectDomainEventRegister"},
    {"domainEventDeregister", VARARGS(conn_domainEventDeregister),
     "domainEventDeregister(cb) -> None\n\nC: virConnectDomainEventDeregister"},
    {"domainEventRegisterAny", VARARGS(conn_domainEventRegisterAny),
     "domainEventRegisterAny(dom, eventID, cb, opaque=None) -> callback id\n\n"
     "cb(conn, dom, event, detail, opaque) runs from the event loop (VIR_DOMAIN_EVENT_ID_LIFECYCLE;\n"
     "other ids register and never fire). dom None: every domain.\n\nC: virConnectDomainEventRegisterAny"},
    {"domainEventDeregisterAny", VARARGS(conn_domainEventDeregisterAny),
     "domainEventDeregisterAny(callbackID) -> None\n\nC: virConnectDomainEventDeregisterAny"},
    {"registerCloseCallback", VARARGS(conn_registerCloseCallback),
     "registerCloseCallback(cb, opaque=None) -> 0\n\ncb(conn, reason, opaque) runs from the event loop when "
     "the daemon's connection dies.\n\nC: virConnectRegisterCloseCallback"},
    {"unregisterCloseCallback", NOARGS(conn_unregisterCloseCallback),
     "unregisterCloseCallback() -> None\n\nC: virConnectUnregisterCloseCallback"},
    {"setKeepAlive", VARARGS(conn_setKeepAlive),
     "setKeepAlive(interval, count) -> 0 (1: the daemon lacks keepalive)\n\nC: virConnectSetKeepAlive"},
    {"isAlive", NOARGS(conn_isAlive), "isAlive() -> 1 or 0\n\nC: virConnectIsAlive"},
    {"isEncrypted", NOARGS(conn_isEncrypted), "isEncrypted() -> 1 or 0\n\nC: virConnectIsEncrypted"},
    {"isSecure", NOARGS(conn_isSecure), "isSecure() -> 1 or 0\n\nC: virConnectIsSecure"},
    {"domainEventPoll", VARARGS(conn_domainEventPoll),
     "domainEventPoll(timeout_ms=0) -> number of events delivered\n\n"
     "Waits up to timeout_ms (-1: no limit) and calls the callbacks on this thread.\n\n"
     "C: virt_domain_event_poll"},
    {NULL, NULL, 0, NULL}
};

/* ------------------------------------------------------------------ */
/* virDomain                                                            */
/* ------------------------------------------------------------------ */

static void PyVirDomain_dealloc(PyVirDomain *self)
{
    if (self->dom) virDomainFree(self->dom);
    Py_XDECREF(self->conn);
    PyObject_Free(self);
}

static PyObject *PyVirDomain_repr(PyVirDomain *self)
{
    return PyUnicode_FromFormat("<virt.virDomain '%s' at %p>", virDomainGetName(self->dom), (void *)self);
}

/* The same domain looked up twice is the same C object (virt.h). */
static PyObject *PyVirDomain_richcompare(PyObject *a, PyObject *b, int op)
{
    int same;
    if (!PyObject_TypeCheck(b, &PyVirDomain_Type) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    same = ((PyVirDomain *)a)->dom == ((PyVirDomain *)b)->dom;
    if ((op == Py_EQ) == same) Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

static Py_hash_t PyVirDomain_hash(PyVirDomain *self)
{
    Py_hash_t h = (Py_hash_t)((uintptr_t)self->dom >> 4);   /* allocations are aligned */
    return h == -1 ? -2 : h;
}

/* Body of the domain methods that return 0 or raise. */
#define PY_DOMAIN_INT_CALL(self, call, defmsg)              \
    do {                                                    \
        int py_r_;                                          \
        PY_CALL(py_r_ = (call));                            \
        if (py_r_ < 0) return py_raise(defmsg);             \
        return PyLong_FromLong(py_r_);                      \
    } while (0)

static PyObject *dom_suspend(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainSuspend(self->dom), "virDomainSuspend() failed");
}
static PyObject *dom_resume(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainResume(self->dom), "virDomainResume() failed");
}
static PyObject *dom_destroy(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainDestroy(self->dom), "virDomainDestroy() failed");
}
static PyObject *dom_shutdown(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainShutdown(self->dom), "virDomainShutdown() failed");
}
static PyObject *dom_create(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainCreate(self->dom), "virDomainCreate() failed");
}
static PyObject *dom_undefine(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainUndefine(self->dom), "virDomainUndefine() failed");
}

static PyObject *dom_reboot(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:reboot", (char **)kwlist, &flags_obj)) return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainReboot(self->dom, flags), "virDomainReboot() failed");
}

static PyObject *dom_save(PyVirDomain *self, PyObject *args)
{
    const char *to;
    if (!PyArg_ParseTuple(args, "s:save", &to)) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSave(self->dom, to), "virDomainSave() failed");
}

static PyObject *dom_setMemory(PyVirDomain *self, PyObject *arg)
{
    unsigned long kib;
    if (py_to_ulong(arg, "memory", &kib) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSetMemory(self->dom, kib), "virDomainSetMemory() failed");
}

static PyObject *dom_setMaxMemory(PyVirDomain *self, PyObject *arg)
{
    unsigned long kib;
    if (py_to_ulong(arg, "memory", &kib) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSetMaxMemory(self->dom, kib), "virDomainSetMaxMemory() failed");
}

static PyObject *dom_setVcpus(PyVirDomain *self, PyObject *arg)
{
    unsigned int n;
    if (py_to_uint(arg, "nvcpus", &n) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSetVcpus(self->dom, n), "virDomainSetVcpus() failed");
}

/* [state, maxMem KiB, memory KiB, nrVirtCpu, cpuTime ns], libvirt-python's list */
static PyObject *dom_info(PyVirDomain *self, PyObject *noargs)
{
    virDomainInfo info;
    int r;
    (void)noargs;
    PY_CALL(r = virDomainGetInfo(self->dom, &info));
    if (r < 0) return py_raise("virDomainGetInfo() failed");
    return Py_BuildValue("[ikkiK]", (int)info.state, info.maxMem, info.memory, (int)info.nrVirtCpu,
                         info.cpuTime);
}

static PyObject *dom_name(PyVirDomain *self, PyObject *noargs)
{
    const char *n = virDomainGetName(self->dom);
    (void)noargs;
    if (!n) return py_raise("virDomainGetName() failed");
    return py_str_or_none(n);
}

/* -1 for an inactive domain, as libvirt-python; an error raises. */
static PyObject *dom_ID(PyVirDomain *self, PyObject *noargs)
{
    unsigned int id;
    (void)noargs;
    virResetLastError();
    id = virDomainGetID(self->dom);
    if (id == (unsigned int)-1 && virGetLastError()) return py_raise("virDomainGetID() failed");
    return PyLong_FromLong(id == (unsigned int)-1 ? -1L : (long)id);
}

static PyObject *dom_UUID(PyVirDomain *self, PyObject *noargs)
{
    unsigned char uuid[VIRT_UUID_BUFLEN];
    (void)noargs;
    if (virDomainGetUUID(self->dom, uuid) < 0) return py_raise("virDomainGetUUID() failed");
    return PyBytes_FromStringAndSize((const char *)uuid, VIRT_UUID_BUFLEN);
}

static PyObject *dom_UUIDString(PyVirDomain *self, PyObject *noargs)
{
    char buf[VIRT_UUID_STRING_BUFLEN];
    (void)noargs;
    if (virDomainGetUUIDString(self->dom, buf) < 0) return py_raise("virDomainGetUUIDString() failed");
    return py_str_or_none(buf);
}

static PyObject *dom_OSType(PyVirDomain *self, PyObject *noargs)
{
    char *s;
    (void)noargs;
    PY_CALL(s = virDomainGetOSType(self->dom));
    return py_take_string(s, "virDomainGetOSType() failed");
}

static PyObject *dom_maxMemory(PyVirDomain *self, PyObject *noargs)
{
    unsigned long kib;
    (void)noargs;
    PY_CALL(kib = virDomainGetMaxMemory(self->dom));
    if (kib == 0) return py_raise("virDomainGetMaxMemory() failed");
    return PyLong_FromUnsignedLong(kib);
}

static PyObject *dom_XMLDesc(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    char *s;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:XMLDesc", (char **)kwlist, &flags_obj)) return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    PY_CALL(s = virDomainGetXMLDesc(self->dom, flags));
    return py_take_string(s, "virDomainGetXMLDesc() failed");
}

static PyObject *dom_connect(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    if (!virDomainGetConnect(self->dom)) return py_raise("virDomainGetConnect() failed");
    Py_INCREF(self->conn);
    return (PyObject *)self->conn;
}

static PyMethodDef PyVirDomain_methods[] = {
    {"ID", NOARGS(dom_ID), "ID() -> int (-1 when inactive)\n\nC: virDomainGetID"},
    {"name", NOARGS(dom_name), "name() -> str\n\nC: virDomainGetName"},
    {"UUID", NOARGS(dom_UUID), "UUID() -> 16 bytes\n\nC: virDomainGetUUID"},
    {"UUIDString", NOARGS(dom_UUIDString), "UUIDString() -> str\n\nC: virDomainGetUUIDString"},
    {"OSType", NOARGS(dom_OSType), "OSType() -> str\n\nC: virDomainGetOSType"},
    {"info", NOARGS(dom_info),
     "info() -> [state, maxMem KiB, memory KiB, nrVirtCpu, cpuTime ns]\n\nC: virDomainGetInfo"},
    {"maxMemory", NOARGS(dom_maxMemory), "maxMemory() -> KiB\n\nC: virDomainGetMaxMemory"},
    {"maxVcpus", NOARGS(dom_maxVcpus), "maxVcpus() -> int\n\nC: virDomainGetMaxVcpus"},
    {"vcpusFlags", VARARGS(dom_vcpusFlags), "vcpusFlags(flags=0) -> int\n\nC: virDomainGetVcpusFlags"},
    {"setVcpusFlags", VARARGS(dom_setVcpusFlags),
     "setVcpusFlags(nvcpus, flags=0) -> 0\n\nC: virDomainSetVcpusFlags"},
    {"autostart", NOARGS(dom_autostart), "autostart() -> 0 or 1\n\nC: virDomainGetAutostart"},
    {"setAutostart", VARARGS(dom_setAutostart), "setAutostart(autostart) -> 0\n\nC: virDomainSetAutostart"},
    {"schedulerType", NOARGS(dom_schedulerType),
     "schedulerType() -> (name, nparams)\n\nC: virDomainGetSchedulerType"},
    {"XMLDesc", KWARGS(dom_XMLDesc), "XMLDesc(flags=0) -> str\n\nC: virDomainGetXMLDesc"},
    {"suspend", NOARGS(dom_suspend), "suspend() -> 0\n\nC: virDomainSuspend"},
    {"resume", NOARGS(dom_resume), "resume() -> 0\n\nC: virDomainResume"},
    {"destroy", NOARGS(dom_destroy), "destroy() -> 0\n\nC: virDomainDestroy"},
    {"shutdown", NOARGS(dom_shutdown), "shutdown() -> 0\n\nC: virDomainShutdown"},
    {"reboot", KWARGS(dom_reboot), "reboot(flags=0) -> 0\n\nC: virDomainReboot"},
    {"create", NOARGS(dom_create), "create() -> 0\n\nStarts a defined domain.\n\nC: virDomainCreate"},
    {"undefine", NOARGS(dom_undefine), "undefine() -> 0\n\nC: virDomainUndefine"},
    {"save", VARARGS(dom_save), "save(to) -> 0\n\nC: virDomainSave"},
    {"setMemory", (PyCFunction)(void (*)(void))dom_setMemory, METH_O,
     "setMemory(memory) -> 0\n\nmemory: KiB (balloon target).\n\nC: virDomainSetMemory"},
    {"setMaxMemory", (PyCFunction)(void (*)(void))dom_setMaxMemory, METH_O,
     "setMaxMemory(memory) -> 0\n\nmemory: KiB.\n\nC: virDomainSetMaxMemory"},
    {"setVcpus", (PyCFunction)(void (*)(void))dom_setVcpus, METH_O,
     "setVcpus(nvcpus) -> 0\n\nC: virDomainSetVcpus"},
    {"connect", NOARGS(dom_connect), "connect() -> virConnect\n\nC: virDomainGetConnect"},
    {NULL, NULL, 0, NULL}
};

/* ------------------------------------------------------------------ */
/* Module functions                                                     */
/* ------------------------------------------------------------------ */

static PyObject *open_common(PyObject *args, int readonly)
{
    const char *name = NULL;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, readonly ? "|z:openReadOnly" : "|z:open", &name)) return NULL;
    if (readonly) PY_CALL(c = virConnectOpenReadOnly(name));
    else PY_CALL(c = virConnectOpen(name));
    if (!c) return py_raise(readonly ? "virConnectOpenReadOnly() failed" : "virConnectOpen() failed");
    return py_wrap_conn(c);
}

static PyObject *mod_open(PyObject *mod, PyObject *args)
{
    (void)mod;
    return open_common(args, 0);
}

static PyObject *mod_openReadOnly(PyObject *mod, PyObject *args)
{
    (void)mod;
    return open_common(args, 1);
}

/* getVersion() -> virt's version; getVersion(type) -> that driver's. */
static PyObject *mod_getVersion(PyObject *mod, PyObject *args)
{
    const char *type = NULL;
    unsigned long lib = 0, typever = 0;
    int r;
    (void)mod;
    if (!PyArg_ParseTuple(args, "|z:getVersion", &type)) return NULL;
    r = type ? virGetVersion(&lib, type, &typever) : virGetVersion(&lib, NULL, NULL);
    if (r < 0) return py_raise("virGetVersion() failed");
    return PyLong_FromUnsignedLong(type ? typever : lib);
}

static PyObject *mod_registerErrorHandler(PyObject *mod, PyObject *args)
{
    PyObject *f, *ctx;
    (void)mod;
    if (!PyArg_ParseTuple(args, "OO:registerErrorHandler", &f, &ctx)) return NULL;
    if (f != Py_None && !PyCallable_Check(f)) {
        PyErr_SetString(PyExc_TypeError, "registerErrorHandler: f must be callable or None");
        return NULL;
    }
    Py_CLEAR(py_error_handler);
    Py_CLEAR(py_error_ctx);
    if (f != Py_None) {
        Py_INCREF(f);
        Py_INCREF(ctx);
        py_error_handler = f;
        py_error_ctx = ctx;
    }
    return PyLong_FromLong(1);
}

static PyObject *mod_virGetLastError(PyObject *mod, PyObject *noargs)
{
    virErrorPtr err = virGetLastError();
    (void)mod;
    (void)noargs;
    if (!err) Py_RETURN_NONE;
    return py_error_list(err);
}

static PyObject *mod_virResetLastError(PyObject *mod, PyObject *noargs)
{
    (void)mod;
    (void)noargs;
    virResetLastError();
    Py_RETURN_NONE;
}

static PyObject *mod_enabledBackends(PyObject *mod, PyObject *noargs)
{
    (void)mod;
    (void)noargs;
    return PyLong_FromUnsignedLong(virt_enabled_backends());
}

/* ---- openAuth, getLibVersion and the event loop (issue 11) ---- */

/* openAuth(uri, auth, flags): auth is libvirt-python's [credtypes,
 * callback, opaque]; virt's backends never ask for credentials, so the
 * callback is not called, but the list's shape is checked as libvirt-python
 * does (a list or tuple; an empty one means no callback). */
static PyObject *mod_openAuth(PyObject *mod, PyObject *args)
{
    const char *name = NULL;
    PyObject *auth;
    unsigned int flags = 0;
    virConnectPtr c;
    (void)mod;
    if (!PyArg_ParseTuple(args, "zO|I:openAuth", &name, &auth, &flags)) return NULL;
    if (auth != Py_None && !PyList_Check(auth) && !PyTuple_Check(auth)) {
        PyErr_SetString(PyExc_TypeError, "openAuth: auth must be a list [credtypes, callback, opaque]");
        return NULL;
    }
    PY_CALL(c = virConnectOpenAuth(name, NULL, flags));
    if (!c) return py_raise("virConnectOpenAuth() failed");
    return py_wrap_conn(c);
}

static PyObject *conn_getLibVersion(PyVirConnect *self, PyObject *noargs)
{
    unsigned long v = 0;
    int r;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(r = virConnectGetLibVersion(c, &v));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectGetLibVersion() failed");
    return PyLong_FromUnsignedLong(v);
}

/* A Python callback and its opaque, owned by the C loop until its free
 * callback runs. The loop runs with the GIL released (virEventRunDefaultImpl
 * below), so every call back into Python takes it. */
static PyObject *py_ev_pack(PyObject *cb, PyObject *opaque)
{
    if (!PyCallable_Check(cb)) {
        PyErr_SetString(PyExc_TypeError, "the event callback must be callable");
        return NULL;
    }
    return PyTuple_Pack(2, cb, opaque);
}

static void py_ev_call(PyObject *packed, PyObject *args)
{
    PyObject *r;
    if (!args) { PyErr_Print(); return; }
    r = PyObject_CallObject(PyTuple_GET_ITEM(packed, 0), args);
    Py_DECREF(args);
    if (!r) PyErr_Print();      /* as libvirt-python: reported, the loop goes on */
    Py_XDECREF(r);
}

static void py_ev_handle_cb(int watch, int fd, int events, void *opaque)
{
    PyObject *packed = (PyObject *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    py_ev_call(packed, Py_BuildValue("(iiiO)", watch, fd, events, PyTuple_GET_ITEM(packed, 1)));
    PyGILState_Release(g);
}

static void py_ev_timeout_cb(int timer, void *opaque)
{
    PyObject *packed = (PyObject *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    py_ev_call(packed, Py_BuildValue("(iO)", timer, PyTuple_GET_ITEM(packed, 1)));
    PyGILState_Release(g);
}

static void py_ev_free(void *opaque)
{
    PyGILState_STATE g = PyGILState_Ensure();
    Py_DECREF((PyObject *)opaque);
    PyGILState_Release(g);
}

static PyObject *mod_virEventRegisterDefaultImpl(PyObject *mod, PyObject *noargs)
{
    (void)mod;
    (void)noargs;
    if (virEventRegisterDefaultImpl() < 0) return py_raise("virEventRegisterDefaultImpl() failed");
    return PyLong_FromLong(0);
}

static PyObject *mod_virEventRunDefaultImpl(PyObject *mod, PyObject *noargs)
{
    int r;
    (void)mod;
    (void)noargs;
    PY_CALL(r = virEventRunDefaultImpl());
    if (r < 0) return py_raise("virEventRunDefaultImpl() failed");
    return PyLong_FromLong(0);
}

static PyObject *mod_virEventAddHandle(PyObject *mod, PyObject *args)
{
    int fd, events, watch;
    PyObject *cb, *opaque, *packed;
    (void)mod;
    if (!PyArg_ParseTuple(args, "iiOO:virEventAddHandle", &fd, &events, &cb, &opaque)) return NULL;
    if (!(packed = py_ev_pack(cb, opaque))) return NULL;
    watch = virEventAddHandle(fd, events, py_ev_handle_cb, packed, py_ev_free);
    if (watch < 0) {
        Py_DECREF(packed);
        return py_raise("virEventAddHandle() failed");
    }
    return PyLong_FromLong(watch);
}

static PyObject *mod_virEventAddTimeout(PyObject *mod, PyObject *args)
{
    int timeout, timer;
    PyObject *cb, *opaque, *packed;
    (void)mod;
    if (!PyArg_ParseTuple(args, "iOO:virEventAddTimeout", &timeout, &cb, &opaque)) return NULL;
    if (!(packed = py_ev_pack(cb, opaque))) return NULL;
    timer = virEventAddTimeout(timeout, py_ev_timeout_cb, packed, py_ev_free);
    if (timer < 0) {
        Py_DECREF(packed);
        return py_raise("virEventAddTimeout() failed");
    }
    return PyLong_FromLong(timer);
}

static PyObject *mod_virEventUpdateHandle(PyObject *mod, PyObject *args)
{
    int watch, events;
    (void)mod;
    if (!PyArg_ParseTuple(args, "ii:virEventUpdateHandle", &watch, &events)) return NULL;
    virEventUpdateHandle(watch, events);
    Py_RETURN_NONE;
}

static PyObject *mod_virEventUpdateTimeout(PyObject *mod, PyObject *args)
{
    int timer, timeout;
    (void)mod;
    if (!PyArg_ParseTuple(args, "ii:virEventUpdateTimeout", &timer, &timeout)) return NULL;
    virEventUpdateTimeout(timer, timeout);
    Py_RETURN_NONE;
}

static PyObject *mod_virEventRemoveHandle(PyObject *mod, PyObject *args)
{
    int watch;
    (void)mod;
    if (!PyArg_ParseTuple(args, "i:virEventRemoveHandle", &watch)) return NULL;
    if (virEventRemoveHandle(watch) < 0) return py_raise("virEventRemoveHandle() failed");
    return PyLong_FromLong(0);
}

static PyObject *mod_virEventRemoveTimeout(PyObject *mod, PyObject *args)
{
    int timer;
    (void)mod;
    if (!PyArg_ParseTuple(args, "i:virEventRemoveTimeout", &timer)) return NULL;
    if (virEventRemoveTimeout(timer) < 0) return py_raise("virEventRemoveTimeout() failed");
    return PyLong_FromLong(0);
}

static PyMethodDef module_methods[] = {
    {"open", VARARGS(mod_open), "open(name=None) -> virConnect\n\nC: virConnectOpen"},
    {"openReadOnly", VARARGS(mod_openReadOnly),
     "openReadOnly(name=None) -> virConnect\n\nC: virConnectOpenReadOnly"},
    {"getVersion", VARARGS(mod_getVersion),
     "getVersion(name=None) -> int\n\nvirt's version, or with a driver type (\"Test\", \"Xen\") that\n"
     "driver's.\n\nC: virGetVersion"},
    {"registerErrorHandler", VARARGS(mod_registerErrorHandler),
     "registerErrorHandler(f, ctx) -> 1\n\nf(ctx, error list) is called for every error; None restores\n"
     "printing them on stderr.\n\nC: virSetErrorFunc"},
    {"virGetLastError", NOARGS(mod_virGetLastError),
     "virGetLastError() -> [code, domain, message, level, str1, str2, str3, int1, int2] or None\n\n"
     "C: virGetLastError"},
    {"virResetLastError", NOARGS(mod_virResetLastError), "virResetLastError()\n\nC: virResetLastError"},
    {"enabledBackends", NOARGS(mod_enabledBackends),
     "enabledBackends() -> bit set of VIRT_BACKEND_*\n\nC: virt_enabled_backends"},
    {"openAuth", VARARGS(mod_openAuth),
     "openAuth(uri, auth, flags=0) -> virConnect\n\nauth: [credtypes, callback, opaque] (never called:\n"
     "virt's backends ask for no credentials); flags: VIR_CONNECT_RO.\n\nC: virConnectOpenAuth"},
    {"virEventRegisterDefaultImpl", NOARGS(mod_virEventRegisterDefaultImpl),
     "virEventRegisterDefaultImpl() -> 0\n\nC: virEventRegisterDefaultImpl"},
    {"virEventRunDefaultImpl", NOARGS(mod_virEventRunDefaultImpl),
     "virEventRunDefaultImpl() -> 0\n\nOne iteration (releases the GIL while it waits).\n\n"
     "C: virEventRunDefaultImpl"},
    {"virEventAddHandle", VARARGS(mod_virEventAddHandle),
     "virEventAddHandle(fd, events, cb, opaque) -> watch\n\ncb(watch, fd, events, opaque)\n\n"
     "C: virEventAddHandle"},
    {"virEventUpdateHandle", VARARGS(mod_virEventUpdateHandle),
     "virEventUpdateHandle(watch, events)\n\nC: virEventUpdateHandle"},
    {"virEventRemoveHandle", VARARGS(mod_virEventRemoveHandle),
     "virEventRemoveHandle(watch) -> 0\n\nC: virEventRemoveHandle"},
    {"virEventAddTimeout", VARARGS(mod_virEventAddTimeout),
     "virEventAddTimeout(timeout, cb, opaque) -> timer\n\ncb(timer, opaque)\n\nC: virEventAddTimeout"},
    {"virEventUpdateTimeout", VARARGS(mod_virEventUpdateTimeout),
     "virEventUpdateTimeout(timer, timeout)\n\nC: virEventUpdateTimeout"},
    {"virEventRemoveTimeout", VARARGS(mod_virEventRemoveTimeout),
     "virEventRemoveTimeout(timer) -> 0\n\nC: virEventRemoveTimeout"},
    {NULL, NULL, 0, NULL}
};

/* libvirtError, in Python: its constructor takes libvirt-python's
 * (defmsg) and, from this module, the error list of the failed call. */
static const char libvirt_error_source[] =
    "class libvirtError(Exception):\n"
    "    \"\"\"An error of a virt call: get_error_code() is a VIR_ERR_* number,\n"
    "    get_error_domain() a VIR_FROM_* origin, get_error_message() the text.\"\"\"\n"
    "    def __init__(self, defmsg, err=None):\n"
    "        if err is None:\n"
    "            err = virGetLastError()\n"
    "        msg = err[2] if err is not None and err[2] else defmsg\n"
    "        Exception.__init__(self, msg)\n"
    "        self.err = err\n"
    "    def _field(self, i):\n"
    "        return None if self.err is None else self.err[i]\n"
    "    def get_error_code(self): return self._field(0)\n"
    "    def get_error_domain(self): return self._field(1)\n"
    "    def get_error_message(self): return self._field(2)\n"
    "    def get_error_level(self): return self._field(3)\n"
    "    def get_str1(self): return self._field(4)\n"
    "    def get_str2(self): return self._field(5)\n"
    "    def get_str3(self): return self._field(6)\n"
    "    def get_int1(self): return self._field(7)\n"
    "    def get_int2(self): return self._field(8)\n";

static int add_libvirt_error(PyObject *m)
{
    PyObject *dict = PyModule_GetDict(m), *r;
    r = PyRun_String(libvirt_error_source, Py_file_input, dict, dict);
    if (!r) return -1;
    Py_DECREF(r);
    py_libvirt_error = PyDict_GetItemString(dict, "libvirtError");
    if (!py_libvirt_error) {
        PyErr_SetString(PyExc_RuntimeError, "virt: libvirtError was not defined");
        return -1;
    }
    Py_INCREF(py_libvirt_error);
    return 0;
}

#include "virtconstants.h"

static int add_constants(PyObject *m)
{
    size_t i;
    for (i = 0; i < sizeof virt_py_constants / sizeof virt_py_constants[0]; i++)
        if (PyModule_AddIntConstant(m, virt_py_constants[i].name, virt_py_constants[i].value) < 0) return -1;
    return PyModule_AddStringConstant(m, "VIRT_VERSION_STRING", VIRT_VERSION_STRING);
}

static struct PyModuleDef virt_module = {
    PyModuleDef_HEAD_INIT,
    "virt",
    "libvirt's domain API (virt, a header-only C library) with libvirt-python's names.",
    -1,
    module_methods,
    NULL, NULL, NULL, NULL
};

static int init_types(void)
{
    PyVirConnect_Type.tp_name = "virt.virConnect";
    PyVirConnect_Type.tp_basicsize = sizeof(PyVirConnect);
    PyVirConnect_Type.tp_flags = Py_TPFLAGS_DEFAULT;
    PyVirConnect_Type.tp_doc = "A connection to a node; from virt.open() or virt.openReadOnly().";
    PyVirConnect_Type.tp_dealloc = (destructor)PyVirConnect_dealloc;
    PyVirConnect_Type.tp_repr = (reprfunc)PyVirConnect_repr;
    PyVirConnect_Type.tp_methods = PyVirConnect_methods;
    PyVirDomain_Type.tp_name = "virt.virDomain";
    PyVirDomain_Type.tp_basicsize = sizeof(PyVirDomain);
    PyVirDomain_Type.tp_flags = Py_TPFLAGS_DEFAULT;
    PyVirDomain_Type.tp_doc = "A domain of a connection; from virConnect.lookupBy*() and friends.";
    PyVirDomain_Type.tp_dealloc = (destructor)PyVirDomain_dealloc;
    PyVirDomain_Type.tp_repr = (reprfunc)PyVirDomain_repr;
    PyVirDomain_Type.tp_richcompare = PyVirDomain_richcompare;
    PyVirDomain_Type.tp_hash = (hashfunc)PyVirDomain_hash;
    PyVirDomain_Type.tp_methods = PyVirDomain_methods;
    if (PyType_Ready(&PyVirConnect_Type) < 0 || PyType_Ready(&PyVirDomain_Type) < 0) return -1;
    return 0;
}

/* >>issue 11 phase 2b: capabilities, node memory, vCPU counts, autostart,
 * scheduler type; libvirt-python's names and return shapes */

static PyObject *conn_getCapabilities(PyVirConnect *self, PyObject *noargs)
{
    char *s;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(s = virConnectGetCapabilities(c));
    py_conn_leave(self, c);
    return py_take_string(s, "virConnectGetCapabilities() failed");
}

static PyObject *conn_getMaxVcpus(PyVirConnect *self, PyObject *args)
{
    const char *type = NULL;
    int r;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "z:getMaxVcpus", &type)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virConnectGetMaxVcpus(c, type));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectGetMaxVcpus() failed");
    return PyLong_FromLong(r);
}

static PyObject *conn_getFreeMemory(PyVirConnect *self, PyObject *noargs)
{
    unsigned long long m;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(m = virNodeGetFreeMemory(c));
    py_conn_leave(self, c);
    if (m == 0) return py_raise("virNodeGetFreeMemory() failed");
    return PyLong_FromUnsignedLongLong(m);
}

/* libvirt-python: getCellsFreeMemory(startCell, maxCells) -> [bytes, ...] */
static PyObject *conn_getCellsFreeMemory(PyVirConnect *self, PyObject *args)
{
    int start, max, n, i;
    unsigned long long *mems;
    PyObject *list;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "ii:getCellsFreeMemory", &start, &max)) return NULL;
    if (max <= 0 || max > 4096) return py_raise_arg("maxCells %d out of range", max);
    mems = (unsigned long long *)PyMem_Malloc(sizeof *mems * (size_t)max);
    if (!mems) return PyErr_NoMemory();
    c = py_conn_enter(self);
    PY_CALL(n = virNodeGetCellsFreeMemory(c, mems, start, max));
    py_conn_leave(self, c);
    if (n < 0) { PyMem_Free(mems); return py_raise("virNodeGetCellsFreeMemory() failed"); }
    list = PyList_New(n);
    for (i = 0; list && i < n; i++) {
        PyObject *v = PyLong_FromUnsignedLongLong(mems[i]);
        if (!v) { Py_CLEAR(list); break; }
        PyList_SET_ITEM(list, i, v);
    }
    PyMem_Free(mems);
    return list;
}

static PyObject *dom_maxVcpus(PyVirDomain *self, PyObject *noargs)
{
    int r;
    (void)noargs;
    PY_CALL(r = virDomainGetMaxVcpus(self->dom));
    if (r < 0) return py_raise("virDomainGetMaxVcpus() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_vcpusFlags(PyVirDomain *self, PyObject *args)
{
    unsigned int flags = 0;
    int r;
    if (!PyArg_ParseTuple(args, "|I:vcpusFlags", &flags)) return NULL;
    PY_CALL(r = virDomainGetVcpusFlags(self->dom, flags));
    if (r < 0) return py_raise("virDomainGetVcpusFlags() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_setVcpusFlags(PyVirDomain *self, PyObject *args)
{
    unsigned int n, flags = 0;
    int r;
    if (!PyArg_ParseTuple(args, "I|I:setVcpusFlags", &n, &flags)) return NULL;
    PY_CALL(r = virDomainSetVcpusFlags(self->dom, n, flags));
    if (r < 0) return py_raise("virDomainSetVcpusFlags() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_autostart(PyVirDomain *self, PyObject *noargs)
{
    int a = 0, r;
    (void)noargs;
    PY_CALL(r = virDomainGetAutostart(self->dom, &a));
    if (r < 0) return py_raise("virDomainGetAutostart() failed");
    return PyLong_FromLong(a);
}

static PyObject *dom_setAutostart(PyVirDomain *self, PyObject *args)
{
    int a, r;
    if (!PyArg_ParseTuple(args, "i:setAutostart", &a)) return NULL;
    PY_CALL(r = virDomainSetAutostart(self->dom, a));
    if (r < 0) return py_raise("virDomainSetAutostart() failed");
    return PyLong_FromLong(r);
}

/* libvirt-python: schedulerType() -> (name, nparams) */
static PyObject *dom_schedulerType(PyVirDomain *self, PyObject *noargs)
{
    int n = 0;
    char *s;
    PyObject *r;
    (void)noargs;
    PY_CALL(s = virDomainGetSchedulerType(self->dom, &n));
    if (!s) return py_raise("virDomainGetSchedulerType() failed");
    r = Py_BuildValue("(si)", s, n);
    free(s);
    return r;
}

/* After the interpreter is gone, errors (from a C thread, say) must not
 * reach the Python handler: back to virt's default printing. */
static void py_at_exit(void)
{
    virSetErrorFunc(NULL, NULL);
}

PyMODINIT_FUNC PyInit_virt(void);
PyMODINIT_FUNC PyInit_virt(void)
{
    PyObject *m;
    if (init_types() < 0) return NULL;
    m = PyModule_Create(&virt_module);
    if (!m) return NULL;
    Py_INCREF(&PyVirConnect_Type);
    Py_INCREF(&PyVirDomain_Type);
    if (PyModule_AddObject(m, "virConnect", (PyObject *)&PyVirConnect_Type) < 0 ||
        PyModule_AddObject(m, "virDomain", (PyObject *)&PyVirDomain_Type) < 0 ||
        add_libvirt_error(m) < 0 || add_constants(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    virInitialize();
    /* every virt error goes through the module's handler (virSetErrorFunc
     * is set once, here, as virt.h asks: before any connection) */
    virSetErrorFunc(NULL, py_error_trampoline);
    (void)Py_AtExit(py_at_exit);
    return m;
}
