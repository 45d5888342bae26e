"""The review page: the returns a person must check, served on 127.0.0.1.

Starlette serves it (uvicorn runs it), Jinja2 writes it with every value
escaped, and a small script without a build step sends each choice as it
is made. Safety, as the page holds students' answers:

- it listens on 127.0.0.1 only, and answers only to the host names of
  this computer (a web page elsewhere cannot reach it by a DNS trick);
- every address starts with a random token printed at start; a request
  without it is refused;
- changes are POSTs of JSON with the token, from the page's own origin
  (any other ``Origin`` is refused, and a cross-site form cannot send JSON);
- nothing from the browser names a file: crops come out of the store by
  the return's id and the field's id, scripts and styles are fixed names.
"""

from __future__ import annotations

import hmac
import secrets
import socket
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import i18n
from ..errors import FormgenError
from . import ops
from .store import Store
from .views import RETURN, STUDENT, load

#: Files the page loads: name -> media type. Nothing else is served from disk.
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
#: What the browser may load and run: this page's own script, style and images only.
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


def create_app(folder, token: str, origins: set[str] | None = None) -> Starlette:
    """The review page's application for the round in ``folder``; every
    route lies under ``/<token>/``; ``origins`` are the allowed ``Origin``
    headers of a change (default: any on this computer's host names)."""
    env = Environment(loader=PackageLoader("formgen.round", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))

    def guard(request: Request) -> None:
        given = request.path_params.get("token", "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise _Refused(403)

    def view():
        store = Store(folder)
        return store, load(store)

    def words(v) -> dict:
        return i18n.OFFICE["round"][i18n.lang_key(v.form.language)]

    async def home(request: Request):
        guard(request)
        store, v = view()
        with store:
            todo = v.to_check()
        if todo:
            return RedirectResponse(f"/{token}/r/{todo[0].id}", status_code=303)
        return _page(env, "done.html", v, token, words(v), todo=todo)

    async def show(request: Request):
        guard(request)
        store, v = view()
        with store:
            resp = v.get(request.path_params["rid"])
            if resp is None:
                raise _Refused(404)
            todo = v.to_check()
            ids = [r.id for r in todo]
            at = ids.index(resp.id) if resp.id in ids else -1
            nxt = ids[at + 1] if at + 1 < len(ids) else (ids[0] if ids and ids[0] != resp.id
                                                         else None)
            prev = ids[at - 1] if at > 0 else None
            unidentified = v.unidentified(resp)
            fields = [_field(v, resp, f, why, words(v)) for f, why in resp.open.items()
                      if not (unidentified and f in v.form.key_fields)]   # the search does it
            done = [_decided(v, f, d, words(v)) for f, d in resp.decided.items()]
            students = [{"id": c.copy_id, "name": c.stem,
                         "more": " · ".join(str(x) for x in c.extra.values() if x)}
                        for c in v.rows] if v.unidentified(resp) else []
            name_crop = next((k for k in v.form.key_fields if resp.crops.get(k)), None)
            return _page(env, "return.html", v, token, words(v), resp=resp, todo=todo,
                         position=at + 1, next_id=nxt, prev_id=prev, fields=fields, done=done,
                         students=students, name_crop=name_crop,
                         student=v.student(resp), state=v.state(resp),
                         unidentified=v.unidentified(resp))

    async def crop(request: Request):
        guard(request)
        store, v = view()
        with store:
            resp = v.get(request.path_params["rid"])
            png = v.crop(resp, request.path_params["field"]) if resp else None
        if png is None:
            raise _Refused(404)
        return Response(png, media_type="image/png",
                        headers={"Cache-Control": "private, max-age=3600"})

    async def decide(request: Request):
        guard(request)
        origin = request.headers.get("origin")
        if origin is not None and origin not in _origins(request, origins):
            raise _Refused(403)
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise _Refused(415)
        try:
            data = await request.json()
            rid, field, value = str(data["return"]), str(data["field"]), data.get("value")
        except (ValueError, KeyError, TypeError):
            raise _Refused(400) from None
        value = "" if value is None else str(value)
        store, v = view()
        with store:
            try:
                entry = ops.decide(store, rid, field, value, view=v)
            except FormgenError as e:
                return JSONResponse({"ok": False, "error": e.text(v.form.language)},
                                    status_code=422)
            left = load(store).get(rid)
        return JSONResponse({"ok": True, "user": entry["user"], "at": entry["at"],
                             "open": len(left.open) if left else 0})

    async def static(request: Request):
        name = request.path_params["name"]
        if name not in STATIC:
            raise _Refused(404)
        return Response(_static(name), media_type=STATIC[name])

    async def refused(request: Request, exc: "_Refused"):
        return Response(status_code=exc.status, content=str(exc.status),
                        media_type="text/plain")

    routes = [Route("/{token}/", home), Route("/{token}/r/{rid}", show),
              Route("/{token}/crop/{rid}/{field}", crop),
              Route("/{token}/decide", decide, methods=["POST"]),
              Route("/{token}/static/{name}", static)]
    return Starlette(routes=routes, exception_handlers={_Refused: refused},
                     middleware=[Middleware(_Headers),
                                 Middleware(TrustedHostMiddleware,
                                            allowed_hosts=["127.0.0.1", "localhost"])])


class _Headers:
    """Every answer says what the browser may load, and is not cached."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def start(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                names = {k.lower() for k, _ in headers}
                headers += [(b"content-security-policy", POLICY.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)
        await self.app(scope, receive, start)


class _Refused(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def _origins(request: Request, allowed: set[str] | None) -> set[str]:
    if allowed:
        return allowed
    port = request.url.port
    return {f"http://{h}:{port}" for h in ("127.0.0.1", "localhost")}


def _page(env, template: str, v, token: str, w: dict, **data) -> HTMLResponse:
    html = env.get_template(template).render(w=w, form=v.form, token=token,
                                             lang=v.form.language, RETURN=RETURN,
                                             STUDENT=STUDENT, **data)
    return HTMLResponse(html)


def _shown(value, w) -> str:
    if value is True:
        return w["yes"]
    if value is False or value is None or value == "":
        return w["empty"] if value is not False else w["no"]
    return str(value)


def _field(v, resp, field_id: str, why: str, w: dict) -> dict:
    from ..office.review import reason_text
    ff = v.form.field_index.get(field_id)
    answers = ff.spec.answers(w) if ff else None
    reason = reason_text(why, v.form.language) if why in i18n.OFFICE["reasons"]["en"] else \
        next((p.text(v.form.language) for p in resp.problems if p.field == field_id), why)
    return {"id": field_id, "label": ff.label if ff else field_id,
            "section": _where(v.form, field_id), "answers": answers,
            "read": _shown(resp.values.get(field_id), w), "why": reason,
            # what was read, where it says something (not for two ticks or handwriting)
            "read_shown": resp.source != "scan" or resp.values.get(field_id) not in (None, ""),
            "crop": bool(resp.crops.get(field_id)), "source": resp.source,
            "value": "" if resp.values.get(field_id) in (None, False) else
            str(ff.spec.export(resp.values[field_id]) if ff else resp.values[field_id])}


def _where(form, field_id: str) -> str:
    """The item a table cell's field belongs to (``B1-K1-W1 Installeert …``)."""
    for section in form.sections:
        for item in section.items:
            base = form.item_id(item)
            if field_id.startswith(base + "_"):
                return f"{item.code} {item.title}".strip()
    return ""


def _decided(v, field_id: str, d: dict, w: dict) -> dict:
    ff = v.form.field_index.get(field_id)
    label = ff.label if ff else {RETURN: w["done"], STUDENT: w["student"]}.get(field_id, field_id)
    value = d["value"]
    if field_id == STUDENT:
        value = next((c.stem for c in v.rows if c.copy_id == value), value)
    elif field_id == RETURN:
        value = {"refused": w["refused"], "accepted": w["accept"]}.get(value, value)
    return {"label": label, "section": _where(v.form, field_id), "value": _shown(value, w),
            "by": w["by"].format(user=d["user"], at=d["at"].replace("T", " ")[:16])}


def serve(folder, port: int = 0, open_browser: bool = True, say=print) -> None:
    """Serve the review page until Ctrl+C."""
    import uvicorn
    token = secrets.token_urlsafe(24)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as e:
        sock.close()
        raise FormgenError.said("round_port", port=port, reason=e.strerror or e) from None
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{token}/"
    app = create_app(folder, token)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    say(url)
    if open_browser:
        import webbrowser
        webbrowser.open(url)
    server.run(sockets=[sock])
