#!/usr/bin/env python3
"""Compiles a .po file and copies the result to where an uninstalled poa finds it.

usage: stage_mo.py MSGFMT INPUT.po OUTPUT.mo STAGED.mo
"""
import os
import shutil
import subprocess
import sys

msgfmt, src, out, staged = sys.argv[1:5]
subprocess.run([msgfmt, '--check', '-o', out, src], check=True)
os.makedirs(os.path.dirname(staged), exist_ok=True)
tmp = staged + '.tmp'
shutil.copyfile(out, tmp)
os.replace(tmp, staged)
