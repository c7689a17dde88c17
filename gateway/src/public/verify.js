// The /verify page's behaviour: certificate lookup and in-browser file fingerprinting against the
// gateway's public API. Plain browser JavaScript, no dependencies; a separate file because the
// Content-Security-Policy allows only same-origin scripts.
'use strict';

(function () {
  var STATUS_TEXT = {
    VALID: ['Valid (有效)', 'ok'],
    SUSPENDED: ['Suspended (暂停)', 'warn'],
    WITHDRAWN: ['Withdrawn (撤销)', 'bad'],
    CANCELLED: ['Cancelled (注销)', 'bad'],
    EXPIRED: ['Expired (过期失效)', 'bad'],
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c instanceof Node ? c : String(c)); });
    return node;
  }

  // Text nodes only, never markup: every value shown comes from the ledger or the user.
  function details(pairs) {
    var dl = el('dl');
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === '') return;
      dl.append(el('dt', {}, [p[0]]), el('dd', {}, [p[1]]));
    });
    return dl;
  }

  function verdict(text, tone) {
    return el('p', { class: 'verdict ' + tone }, [text]);
  }

  function day(iso) {
    return typeof iso === 'string' ? iso.slice(0, 10) : iso;
  }

  function show(target, nodes) {
    target.replaceChildren.apply(target, nodes);
  }

  async function errorText(response) {
    try {
      var body = await response.json();
      if (response.status === 429) return 'Too many requests from this address; wait a minute and try again.';
      return body.message || response.statusText;
    } catch (e) {
      return response.status + ' ' + response.statusText;
    }
  }

  // ---- certificate lookup ----
  var certForm = document.getElementById('cert-form');
  var certInput = document.getElementById('cert-no');
  var certButton = document.getElementById('cert-button');
  var certResult = document.getElementById('cert-result');

  certForm.addEventListener('submit', async function (event) {
    event.preventDefault();
    var no = certInput.value.replace(/\s+/g, '').toUpperCase();
    certInput.value = no;
    if (!/^[A-Z0-9/-]{4,64}$/.test(no)) {
      certInput.setAttribute('aria-invalid', 'true');
      show(certResult, [verdict('A certificate number is 4 to 64 capital letters, digits, “/” or “-”.', 'bad')]);
      certInput.focus();
      return;
    }
    certInput.removeAttribute('aria-invalid');
    certButton.disabled = true;
    show(certResult, [el('p', {}, ['Looking up ' + no + '…'])]);
    try {
      var response = await fetch('/v1/public/certificates/' + encodeURIComponent(no), { headers: { accept: 'application/json' } });
      if (response.status === 404) {
        show(certResult, [verdict('No certificate ' + no + ' is recorded on the ledger.', 'bad')]);
        return;
      }
      if (!response.ok) {
        show(certResult, [verdict('The lookup failed: ' + (await errorText(response)), 'bad')]);
        return;
      }
      var v = await response.json();
      var s = STATUS_TEXT[v.effectiveStatus] || [v.effectiveStatus, 'warn'];
      var nodes = [verdict(v.certificateNo + ': ' + s[0], s[1])];
      if (v.effectiveStatus !== v.status && v.pending) {
        nodes.push(el('p', {}, ['Recorded as ' + v.status + '; a time rule is due (' + v.pending.reason + '), so it is shown as ' + v.effectiveStatus + '.']));
      }
      var acc = v.issuer.accreditation;
      nodes.push(details([
        ['Holder', v.holder.name + (v.holder.uscc ? ' (USCC ' + v.holder.uscc + ')' : ' (' + v.holder.country + ' registration ' + v.holder.registrationNo + ')')],
        ['Scheme / standard', v.scheme + ' · ' + v.standard],
        ['Scope', v.scope],
        ['IAF codes', (v.scopeCodes || []).join(', ')],
        ['Valid', day(v.issuedAt) + ' to ' + day(v.expiresAt)],
        ['Suspended until', v.suspendedUntil ? day(v.suspendedUntil) : undefined],
        ['Status since', day(v.statusSince) + (v.statusReason ? ' — ' + v.statusReason : '')],
        ['Last surveillance', v.lastSurveillanceAt ? day(v.lastSurveillanceAt) : undefined],
        ['Issuer', (v.issuer.name ? v.issuer.name + ' ' : '') + '(' + v.issuer.mspId + (v.issuer.memberStatus ? ', member ' + v.issuer.memberStatus : '') + ')'],
        ['Issuer accreditation', acc ? acc.state + ' since ' + day(acc.since) + ' (recorded by ' + acc.recordedBy + ')' : 'none recorded'],
        ['Transferred from', v.transferredFrom ? v.transferredFrom.certificateNo + ' (' + v.transferredFrom.issuer + ')' : undefined],
        ['Credit events', v.creditEvents && v.creditEvents.length > 0
          ? v.creditEvents.map(function (c) { return c.severity + ' ' + c.type + ' (' + day(c.occurredAt) + (c.status === 'CLOSED' && c.closedAt ? ', closed ' + day(c.closedAt) : '') + ')'; }).join('; ')
          : 'none'],
        ['As of', v.asOf],
      ]));
      show(certResult, nodes);
    } catch (error) {
      show(certResult, [verdict('The gateway could not be reached: ' + error.message, 'bad')]);
    } finally {
      certButton.disabled = false;
    }
  });

  // ---- file fingerprint ----
  var drop = document.getElementById('drop');
  var fileInput = document.getElementById('file-input');
  var fileResult = document.getElementById('file-result');

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  async function check(file) {
    if (!file) return;
    if (!window.crypto || !window.crypto.subtle) {
      // Browsers offer SubtleCrypto only on https:// or localhost pages.
      show(fileResult, [verdict('This browser cannot fingerprint files on this page (it needs https). Open the page over https.', 'bad')]);
      return;
    }
    show(fileResult, [el('p', {}, ['Fingerprinting ' + file.name + ' (' + file.size.toLocaleString() + ' bytes) in your browser…'])]);
    try {
      var digest = hex(await window.crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
      var response = await fetch('/v1/public/evidence/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ alg: 'sha256', value: digest }),
      });
      if (!response.ok) {
        show(fileResult, [verdict('The check failed: ' + (await errorText(response)), 'bad'), details([['SHA-256', el('code', {}, [digest])]])]);
        return;
      }
      var answer = await response.json();
      var nodes = [];
      if (!answer.anchored) {
        nodes.push(verdict('Not anchored: no record on the ledger has this fingerprint.', 'bad'));
        nodes.push(el('p', {}, ['The file may differ from the one anchored by even one byte, or it was never anchored.']));
      } else {
        nodes.push(verdict('Anchored: this exact file was recorded on the ledger.', 'ok'));
        var list = el('ul', { class: 'matches' });
        answer.matches.forEach(function (m) {
          list.append(el('li', {}, [details([
            ['Anchored by', m.anchoredBy],
            ['When', m.anchoredAt],
            ['Record', m.source === 'batch' ? 'batch ' + m.id + ', item ' + m.index : m.id + (m.kind ? ' (' + m.kind + ')' : '')],
            ['Corrected by', m.supersededBy],
            ['Transaction', el('code', {}, [m.txId])],
          ])]));
        });
        nodes.push(list);
      }
      nodes.push(details([['File', file.name], ['SHA-256', el('code', {}, [digest])]]));
      show(fileResult, nodes);
    } catch (error) {
      show(fileResult, [verdict('The file could not be checked: ' + error.message, 'bad')]);
    }
  }

  fileInput.addEventListener('change', function () { check(fileInput.files[0]); });
  ['dragenter', 'dragover'].forEach(function (type) {
    drop.addEventListener(type, function (event) { event.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (event) {
    event.preventDefault();
    check(event.dataTransfer.files[0]);
  });
})();
