"""Floors and the wrong-answer ceiling on every tuning folder, at 4 phrasings a language and whole.

A little under what the matcher scores today (python -m bot eval), so a floor catches a regression
without failing on every FAQ edit. Today, in-scope right / off-topic / near-miss abstained, wrong:
  faq (shipped)  4: 86.4/100/88.3, 3.2       all: 94.6/100/79.0, 1.6
  admissions     4: 85.6/100/82.4, 1.0       all: 90.4/100/76.5, 1.0
  aftercare      4: 73.6/100/93.3, 4.7       all: 85.8/100/93.3, 1.9
  airport        4: 78.1/100/86.7, 4.8       all: 87.6/100/66.7, 2.9
  aispeakers     4: 69.2/96/86.7, 3.7        all: 77.6/96/93.3, 6.5
  allotments     4: 80.6/100/75.0, 3.7       all: 86.1/100/81.2, 2.8
  aquarium       4: 76.4/100/94.1, 2.8       all: 88.7/100/88.2, 0.0
  babygrants     4: 78.9/100/77.8, 2.8       all: 80.7/100/72.2, 2.8
  beach          4: 75.2/96/75.0, 2.9        all: 83.8/96/56.2, 2.9
  bikerepair     4: 82.4/100/81.2, 2.8       all: 88.9/100/68.8, 1.9
  bikes          4: 79.3/100/87.5, 4.5       all: 83.8/100/87.5, 2.7
  blooddrive     4: 79.6/100/70.6, 2.9       all: 89.3/100/76.5, 1.0
  bookdelivery   4: 89.5/100/93.8, 1.9       all: 88.6/100/93.8, 1.0
  breakfast      4: 76.4/100/66.7, 3.8       all: 78.3/100/66.7, 6.6
  budgetvote     4: 74.8/96/82.4, 5.4        all: 82.9/100/64.7, 3.6
  cablecar       4: 74.1/100/100.0, 0.9      all: 81.5/100/100.0, 0.9
  callbells      4: 83.8/100/93.3, 4.8       all: 87.6/100/93.3, 1.9
  camping        4: 73.6/100/94.1, 5.7       all: 81.1/100/94.1, 4.7
  clinicbus      4: 76.6/100/80.0, 0.9       all: 80.4/100/73.3, 1.9
  codingcamps    4: 78.5/100/86.7, 5.6       all: 81.3/100/86.7, 5.6
  cruise         4: 80.7/100/73.3, 4.6       all: 87.2/100/73.3, 2.8
  culturepass    4: 73.1/100/86.7, 4.6       all: 82.4/100/80.0, 4.6
  cupdeposit     4: 87.0/100/68.8, 3.7       all: 91.7/100/62.5, 2.8
  dementia       4: 77.0/100/100.0, 2.7      all: 85.0/100/93.3, 0.9
  dormitory      4: 75.2/100/87.5, 1.9       all: 82.9/100/87.5, 2.9
  drones         4: 79.6/100/93.3, 2.7       all: 84.1/100/93.3, 0.9
  emergency      4: 86.8/100/93.8, 1.9       all: 88.7/100/93.8, 0.9
  esports        4: 74.6/96/80.0, 2.6        all: 80.7/100/80.0, 5.3
  evcharger      4: 81.8/100/76.5, 4.5       all: 89.1/100/76.5, 3.6
  eyecheck       4: 72.2/100/76.5, 0.9       all: 81.5/100/76.5, 2.8
  farming        4: 81.7/100/93.8, 2.8       all: 85.3/100/87.5, 3.7
  farmstay       4: 78.5/100/88.2, 2.8       all: 82.2/100/82.4, 3.7
  ferry          4: 75.5/100/93.8, 0.0       all: 91.5/100/93.8, 0.0
  festival       4: 90.9/100/83.3, 2.0       all: 92.9/100/83.3, 2.0
  filmnights     4: 77.9/100/80.0, 4.8       all: 90.4/96/80.0, 2.9
  fishmarket     4: 89.5/100/73.3, 1.0       all: 92.4/100/73.3, 1.9
  floornoise     4: 82.1/100/86.7, 0.0       all: 85.7/100/66.7, 0.0
  flu            4: 76.6/100/93.3, 5.4       all: 81.1/100/86.7, 4.5
  hanok          4: 70.2/100/87.5, 3.5       all: 74.6/100/81.2, 2.6
  heatwave       4: 86.7/100/88.2, 1.9       all: 85.7/100/82.4, 1.9
  homerepairs    4: 79.8/96/86.7, 3.7        all: 89.9/96/80.0, 0.9
  icerink        4: 82.9/100/86.7, 4.8       all: 90.5/100/73.3, 3.8
  jobfair        4: 76.0/100/76.5, 3.8       all: 81.7/100/76.5, 3.8
  jobtraining    4: 75.5/100/80.0, 4.5       all: 81.8/100/73.3, 5.5
  kitchen        4: 68.9/100/94.4, 4.7       all: 78.3/96/88.9, 4.7
  koreanclass    4: 76.4/100/73.3, 3.8       all: 82.1/100/66.7, 2.8
  latedaycare    4: 66.3/96/81.2, 1.0        all: 75.0/96/81.2, 3.8
  laundry        4: 79.6/100/87.5, 1.0       all: 86.4/100/87.5, 2.9
  library        4: 83.2/100/81.2, 0.9       all: 92.9/100/81.2, 1.8
  licences       4: 80.2/100/86.7, 1.8       all: 83.8/100/86.7, 1.8
  lowemission    4: 75.0/100/86.7, 4.6       all: 85.2/100/86.7, 3.7
  lunchboxes     4: 75.0/96/93.8, 3.8        all: 85.6/96/75.0, 3.8
  marathon       4: 84.8/100/87.5, 0.9       all: 88.4/100/93.8, 2.7
  market         4: 84.1/100/68.8, 3.7       all: 86.9/100/68.8, 2.8
  museum         4: 81.9/100/94.4, 2.9       all: 87.6/100/94.4, 1.0
  nightbus       4: 83.5/100/83.3, 1.0       all: 86.6/100/83.3, 0.0
  nightmarket    4: 78.0/96/81.0, 3.0        all: 89.0/92/81.0, 1.0
  nighttaxi      4: 82.4/100/80.0, 0.9       all: 88.0/100/80.0, 1.9
  parking        4: 77.1/96/80.0, 2.9        all: 86.7/96/66.7, 1.0
  parkingshare   4: 80.7/100/66.7, 2.8       all: 89.0/100/60.0, 3.7
  petmemorial    4: 68.5/100/100.0, 3.7      all: 86.1/100/93.3, 2.8
  pets           4: 79.2/100/100.0, 2.8      all: 83.0/100/87.5, 3.8
  pharmacy       4: 81.9/96/81.2, 1.0        all: 86.7/96/81.2, 1.9
  pigeons        4: 82.7/100/75.0, 0.9       all: 86.4/100/62.5, 0.0
  pool           4: 86.4/96/100.0, 1.8       all: 89.1/96/100.0, 3.6
  raintanks      4: 80.2/100/100.0, 3.6      all: 88.3/100/100.0, 3.6
  reading        4: 80.4/100/93.3, 3.7       all: 89.7/100/80.0, 2.8
  recall         4: 77.8/100/86.7, 2.8       all: 78.7/100/86.7, 2.8
  rent           4: 88.3/100/100.0, 1.0      all: 92.2/100/100.0, 1.0
  riverbus       4: 82.9/100/75.0, 2.9       all: 87.6/100/75.0, 4.8
  scooters       4: 79.2/100/73.3, 2.8       all: 84.9/100/73.3, 4.7
  seniorcourses  4: 75.7/100/81.2, 5.6       all: 84.1/100/68.8, 5.6
  shelter        4: 80.0/100/100.0, 3.6      all: 89.1/100/100.0, 2.7
  shuttle        4: 81.5/100/81.2, 1.9       all: 88.9/100/81.2, 2.8
  smartphones    4: 75.9/100/81.2, 1.9       all: 82.4/96/81.2, 3.7
  smoking        4: 87.3/100/73.3, 2.7       all: 89.1/100/53.3, 4.5
  snow           4: 86.8/100/87.5, 4.7       all: 90.6/100/87.5, 1.9
  solar          4: 80.0/100/87.5, 4.8       all: 84.8/100/87.5, 3.8
  speedcams      4: 78.1/100/81.2, 3.8       all: 82.9/100/87.5, 3.8
  sportsleague   4: 78.3/100/75.0, 1.9       all: 85.8/100/81.2, 0.9
  startup        4: 75.7/100/100.0, 2.8      all: 87.9/100/86.7, 0.0
  streetlights   4: 78.7/100/77.8, 3.7       all: 83.3/100/72.2, 3.7
  swimsafety     4: 79.2/96/75.0, 1.9        all: 90.6/96/68.8, 0.9
  textiles       4: 83.8/100/80.0, 2.9       all: 90.5/100/73.3, 1.9
  toollibrary    4: 70.6/100/80.0, 4.6       all: 81.7/100/80.0, 3.7
  trails         4: 80.7/96/81.2, 3.7        all: 87.2/96/68.8, 1.8
  transit        4: 89.8/100/73.3, 0.9       all: 93.5/100/66.7, 1.9
  trees          4: 72.4/100/80.0, 1.0       all: 82.9/100/73.3, 1.9
  typhoon        4: 73.3/100/86.7, 2.9       all: 84.8/100/86.7, 3.8
  umbrellas      4: 80.6/100/87.5, 4.6       all: 85.2/100/81.2, 4.6
  uniforms       4: 67.0/100/87.5, 6.6       all: 79.2/100/81.2, 1.9
  waste          4: 89.4/100/77.8, 4.8       all: 94.2/100/77.8, 2.9
  water          4: 86.8/100/80.0, 0.0       all: 96.2/100/80.0, 0.9
  weddings       4: 69.6/100/87.5, 6.2       all: 80.4/100/87.5, 4.5
  wetland        4: 79.8/100/81.2, 3.7       all: 83.5/100/81.2, 4.6
  wifi           4: 72.5/100/81.2, 6.4       all: 86.2/100/81.2, 2.8
  youthcouncil   4: 77.1/100/72.2, 3.7       all: 86.2/100/61.1, 1.8
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluate import run_suite, suite_folders

TESTS = Path(__file__).resolve().parent
FLOORS = {
    ("faq (shipped)", 4): {"in": 0.83, "off": 0.96, "near": 0.83, "wrong": 0.045},
    ("faq (shipped)", None): {"in": 0.92, "off": 0.96, "near": 0.73, "wrong": 0.030},
    ("admissions", 4): {"in": 0.83, "off": 0.96, "near": 0.77, "wrong": 0.025},
    ("admissions", None): {"in": 0.87, "off": 0.96, "near": 0.71, "wrong": 0.025},
    ("aftercare", 4): {"in": 0.71, "off": 0.96, "near": 0.88, "wrong": 0.060},
    ("aftercare", None): {"in": 0.83, "off": 0.96, "near": 0.88, "wrong": 0.035},
    ("airport", 4): {"in": 0.75, "off": 0.96, "near": 0.81, "wrong": 0.060},
    ("airport", None): {"in": 0.85, "off": 0.96, "near": 0.61, "wrong": 0.045},
    ("aispeakers", 4): {"in": 0.66, "off": 0.94, "near": 0.81, "wrong": 0.050},
    ("aispeakers", None): {"in": 0.75, "off": 0.94, "near": 0.88, "wrong": 0.080},
    ("allotments", 4): {"in": 0.78, "off": 0.96, "near": 0.70, "wrong": 0.050},
    ("allotments", None): {"in": 0.83, "off": 0.96, "near": 0.76, "wrong": 0.040},
    ("aquarium", 4): {"in": 0.73, "off": 0.96, "near": 0.89, "wrong": 0.045},
    ("aquarium", None): {"in": 0.86, "off": 0.96, "near": 0.83, "wrong": 0.015},
    ("babygrants", 4): {"in": 0.76, "off": 0.96, "near": 0.72, "wrong": 0.040},
    ("babygrants", None): {"in": 0.78, "off": 0.96, "near": 0.67, "wrong": 0.040},
    ("beach", 4): {"in": 0.72, "off": 0.94, "near": 0.70, "wrong": 0.045},
    ("beach", None): {"in": 0.81, "off": 0.94, "near": 0.51, "wrong": 0.045},
    ("bikerepair", 4): {"in": 0.79, "off": 0.96, "near": 0.76, "wrong": 0.040},
    ("bikerepair", None): {"in": 0.86, "off": 0.96, "near": 0.63, "wrong": 0.035},
    ("bikes", 4): {"in": 0.76, "off": 0.96, "near": 0.82, "wrong": 0.060},
    ("bikes", None): {"in": 0.81, "off": 0.96, "near": 0.82, "wrong": 0.040},
    ("blooddrive", 4): {"in": 0.77, "off": 0.96, "near": 0.65, "wrong": 0.045},
    ("blooddrive", None): {"in": 0.86, "off": 0.96, "near": 0.71, "wrong": 0.025},
    ("bookdelivery", 4): {"in": 0.87, "off": 0.96, "near": 0.88, "wrong": 0.035},
    ("bookdelivery", None): {"in": 0.86, "off": 0.96, "near": 0.88, "wrong": 0.025},
    ("breakfast", 4): {"in": 0.73, "off": 0.96, "near": 0.61, "wrong": 0.050},
    ("breakfast", None): {"in": 0.75, "off": 0.96, "near": 0.61, "wrong": 0.080},
    ("budgetvote", 4): {"in": 0.72, "off": 0.94, "near": 0.77, "wrong": 0.070},
    ("budgetvote", None): {"in": 0.80, "off": 0.96, "near": 0.59, "wrong": 0.050},
    ("cablecar", 4): {"in": 0.71, "off": 0.96, "near": 0.95, "wrong": 0.025},
    ("cablecar", None): {"in": 0.78, "off": 0.96, "near": 0.95, "wrong": 0.025},
    ("callbells", 4): {"in": 0.81, "off": 0.96, "near": 0.88, "wrong": 0.060},
    ("callbells", None): {"in": 0.85, "off": 0.96, "near": 0.88, "wrong": 0.035},
    ("camping", 4): {"in": 0.71, "off": 0.96, "near": 0.89, "wrong": 0.070},
    ("camping", None): {"in": 0.78, "off": 0.96, "near": 0.89, "wrong": 0.060},
    ("clinicbus", 4): {"in": 0.74, "off": 0.96, "near": 0.75, "wrong": 0.025},
    ("clinicbus", None): {"in": 0.77, "off": 0.96, "near": 0.68, "wrong": 0.035},
    ("codingcamps", 4): {"in": 0.76, "off": 0.96, "near": 0.81, "wrong": 0.070},
    ("codingcamps", None): {"in": 0.78, "off": 0.96, "near": 0.81, "wrong": 0.070},
    ("cruise", 4): {"in": 0.78, "off": 0.96, "near": 0.68, "wrong": 0.060},
    ("cruise", None): {"in": 0.84, "off": 0.96, "near": 0.68, "wrong": 0.040},
    ("culturepass", 4): {"in": 0.70, "off": 0.96, "near": 0.81, "wrong": 0.060},
    ("culturepass", None): {"in": 0.79, "off": 0.96, "near": 0.75, "wrong": 0.060},
    ("cupdeposit", 4): {"in": 0.84, "off": 0.96, "near": 0.63, "wrong": 0.050},
    ("cupdeposit", None): {"in": 0.89, "off": 0.96, "near": 0.57, "wrong": 0.040},
    ("dementia", 4): {"in": 0.74, "off": 0.96, "near": 0.95, "wrong": 0.040},
    ("dementia", None): {"in": 0.82, "off": 0.96, "near": 0.88, "wrong": 0.025},
    ("dormitory", 4): {"in": 0.72, "off": 0.96, "near": 0.82, "wrong": 0.035},
    ("dormitory", None): {"in": 0.80, "off": 0.96, "near": 0.82, "wrong": 0.045},
    ("drones", 4): {"in": 0.77, "off": 0.96, "near": 0.88, "wrong": 0.040},
    ("drones", None): {"in": 0.81, "off": 0.96, "near": 0.88, "wrong": 0.025},
    ("emergency", 4): {"in": 0.84, "off": 0.96, "near": 0.88, "wrong": 0.035},
    ("emergency", None): {"in": 0.86, "off": 0.96, "near": 0.88, "wrong": 0.025},
    ("esports", 4): {"in": 0.72, "off": 0.94, "near": 0.75, "wrong": 0.040},
    ("esports", None): {"in": 0.78, "off": 0.96, "near": 0.75, "wrong": 0.065},
    ("evcharger", 4): {"in": 0.79, "off": 0.96, "near": 0.71, "wrong": 0.060},
    ("evcharger", None): {"in": 0.86, "off": 0.96, "near": 0.71, "wrong": 0.050},
    ("eyecheck", 4): {"in": 0.69, "off": 0.96, "near": 0.71, "wrong": 0.025},
    ("eyecheck", None): {"in": 0.78, "off": 0.96, "near": 0.71, "wrong": 0.040},
    ("farming", 4): {"in": 0.79, "off": 0.96, "near": 0.88, "wrong": 0.040},
    ("farming", None): {"in": 0.82, "off": 0.96, "near": 0.82, "wrong": 0.050},
    ("farmstay", 4): {"in": 0.76, "off": 0.96, "near": 0.83, "wrong": 0.045},
    ("farmstay", None): {"in": 0.79, "off": 0.96, "near": 0.77, "wrong": 0.050},
    ("ferry", 4): {"in": 0.72, "off": 0.96, "near": 0.88, "wrong": 0.015},
    ("ferry", None): {"in": 0.89, "off": 0.96, "near": 0.88, "wrong": 0.015},
    ("festival", 4): {"in": 0.88, "off": 0.96, "near": 0.78, "wrong": 0.035},
    ("festival", None): {"in": 0.90, "off": 0.96, "near": 0.78, "wrong": 0.035},
    ("filmnights", 4): {"in": 0.75, "off": 0.96, "near": 0.75, "wrong": 0.065},
    ("filmnights", None): {"in": 0.87, "off": 0.94, "near": 0.75, "wrong": 0.045},
    ("fishmarket", 4): {"in": 0.87, "off": 0.96, "near": 0.68, "wrong": 0.025},
    ("fishmarket", None): {"in": 0.89, "off": 0.96, "near": 0.68, "wrong": 0.035},
    ("floornoise", 4): {"in": 0.79, "off": 0.96, "near": 0.81, "wrong": 0.015},
    ("floornoise", None): {"in": 0.83, "off": 0.96, "near": 0.61, "wrong": 0.015},
    ("flu", 4): {"in": 0.74, "off": 0.96, "near": 0.88, "wrong": 0.070},
    ("flu", None): {"in": 0.78, "off": 0.96, "near": 0.81, "wrong": 0.060},
    ("hanok", 4): {"in": 0.67, "off": 0.96, "near": 0.82, "wrong": 0.050},
    ("hanok", None): {"in": 0.72, "off": 0.96, "near": 0.76, "wrong": 0.040},
    ("heatwave", 4): {"in": 0.84, "off": 0.96, "near": 0.83, "wrong": 0.035},
    ("heatwave", None): {"in": 0.83, "off": 0.96, "near": 0.77, "wrong": 0.035},
    ("homerepairs", 4): {"in": 0.77, "off": 0.94, "near": 0.81, "wrong": 0.050},
    ("homerepairs", None): {"in": 0.87, "off": 0.94, "near": 0.75, "wrong": 0.025},
    ("icerink", 4): {"in": 0.80, "off": 0.96, "near": 0.81, "wrong": 0.060},
    ("icerink", None): {"in": 0.87, "off": 0.96, "near": 0.68, "wrong": 0.055},
    ("jobfair", 4): {"in": 0.73, "off": 0.96, "near": 0.71, "wrong": 0.055},
    ("jobfair", None): {"in": 0.79, "off": 0.96, "near": 0.71, "wrong": 0.055},
    ("jobtraining", 4): {"in": 0.72, "off": 0.96, "near": 0.75, "wrong": 0.060},
    ("jobtraining", None): {"in": 0.79, "off": 0.96, "near": 0.68, "wrong": 0.070},
    ("kitchen", 4): {"in": 0.66, "off": 0.96, "near": 0.89, "wrong": 0.060},
    ("kitchen", None): {"in": 0.75, "off": 0.94, "near": 0.83, "wrong": 0.060},
    ("koreanclass", 4): {"in": 0.73, "off": 0.96, "near": 0.68, "wrong": 0.050},
    ("koreanclass", None): {"in": 0.79, "off": 0.96, "near": 0.61, "wrong": 0.045},
    ("latedaycare", 4): {"in": 0.63, "off": 0.94, "near": 0.76, "wrong": 0.025},
    ("latedaycare", None): {"in": 0.72, "off": 0.94, "near": 0.76, "wrong": 0.055},
    ("laundry", 4): {"in": 0.77, "off": 0.96, "near": 0.82, "wrong": 0.025},
    ("laundry", None): {"in": 0.83, "off": 0.96, "near": 0.82, "wrong": 0.045},
    ("library", 4): {"in": 0.80, "off": 0.96, "near": 0.76, "wrong": 0.025},
    ("library", None): {"in": 0.90, "off": 0.96, "near": 0.76, "wrong": 0.030},
    ("licences", 4): {"in": 0.77, "off": 0.96, "near": 0.81, "wrong": 0.035},
    ("licences", None): {"in": 0.81, "off": 0.96, "near": 0.81, "wrong": 0.035},
    ("lowemission", 4): {"in": 0.72, "off": 0.96, "near": 0.81, "wrong": 0.060},
    ("lowemission", None): {"in": 0.82, "off": 0.96, "near": 0.81, "wrong": 0.050},
    ("lunchboxes", 4): {"in": 0.72, "off": 0.94, "near": 0.88, "wrong": 0.055},
    ("lunchboxes", None): {"in": 0.83, "off": 0.94, "near": 0.70, "wrong": 0.055},
    ("marathon", 4): {"in": 0.82, "off": 0.96, "near": 0.82, "wrong": 0.025},
    ("marathon", None): {"in": 0.85, "off": 0.96, "near": 0.88, "wrong": 0.040},
    ("market", 4): {"in": 0.81, "off": 0.96, "near": 0.63, "wrong": 0.050},
    ("market", None): {"in": 0.84, "off": 0.96, "near": 0.63, "wrong": 0.045},
    ("museum", 4): {"in": 0.79, "off": 0.96, "near": 0.89, "wrong": 0.045},
    ("museum", None): {"in": 0.85, "off": 0.96, "near": 0.89, "wrong": 0.025},
    ("nightbus", 4): {"in": 0.81, "off": 0.96, "near": 0.78, "wrong": 0.025},
    ("nightbus", None): {"in": 0.84, "off": 0.96, "near": 0.78, "wrong": 0.015},
    ("nightmarket", 4): {"in": 0.75, "off": 0.94, "near": 0.75, "wrong": 0.045},
    ("nightmarket", None): {"in": 0.86, "off": 0.90, "near": 0.75, "wrong": 0.025},
    ("nighttaxi", 4): {"in": 0.79, "off": 0.96, "near": 0.75, "wrong": 0.025},
    ("nighttaxi", None): {"in": 0.85, "off": 0.96, "near": 0.75, "wrong": 0.035},
    ("parking", 4): {"in": 0.74, "off": 0.94, "near": 0.75, "wrong": 0.045},
    ("parking", None): {"in": 0.84, "off": 0.94, "near": 0.61, "wrong": 0.025},
    ("parkingshare", 4): {"in": 0.78, "off": 0.96, "near": 0.61, "wrong": 0.040},
    ("parkingshare", None): {"in": 0.86, "off": 0.96, "near": 0.54, "wrong": 0.050},
    ("petmemorial", 4): {"in": 0.66, "off": 0.96, "near": 0.95, "wrong": 0.050},
    ("petmemorial", None): {"in": 0.83, "off": 0.96, "near": 0.88, "wrong": 0.040},
    ("pets", 4): {"in": 0.76, "off": 0.96, "near": 0.95, "wrong": 0.045},
    ("pets", None): {"in": 0.80, "off": 0.96, "near": 0.82, "wrong": 0.050},
    ("pharmacy", 4): {"in": 0.79, "off": 0.94, "near": 0.76, "wrong": 0.025},
    ("pharmacy", None): {"in": 0.84, "off": 0.94, "near": 0.76, "wrong": 0.035},
    ("pigeons", 4): {"in": 0.80, "off": 0.96, "near": 0.70, "wrong": 0.025},
    ("pigeons", None): {"in": 0.83, "off": 0.96, "near": 0.57, "wrong": 0.015},
    ("pool", 4): {"in": 0.83, "off": 0.94, "near": 0.95, "wrong": 0.035},
    ("pool", None): {"in": 0.86, "off": 0.94, "near": 0.95, "wrong": 0.050},
    ("raintanks", 4): {"in": 0.77, "off": 0.96, "near": 0.95, "wrong": 0.050},
    ("raintanks", None): {"in": 0.85, "off": 0.96, "near": 0.95, "wrong": 0.050},
    ("reading", 4): {"in": 0.77, "off": 0.96, "near": 0.88, "wrong": 0.050},
    ("reading", None): {"in": 0.87, "off": 0.96, "near": 0.75, "wrong": 0.045},
    ("recall", 4): {"in": 0.75, "off": 0.96, "near": 0.81, "wrong": 0.040},
    ("recall", None): {"in": 0.76, "off": 0.96, "near": 0.81, "wrong": 0.040},
    ("rent", 4): {"in": 0.85, "off": 0.96, "near": 0.95, "wrong": 0.025},
    ("rent", None): {"in": 0.89, "off": 0.96, "near": 0.95, "wrong": 0.025},
    ("riverbus", 4): {"in": 0.80, "off": 0.96, "near": 0.70, "wrong": 0.045},
    ("riverbus", None): {"in": 0.85, "off": 0.96, "near": 0.70, "wrong": 0.060},
    ("scooters", 4): {"in": 0.76, "off": 0.96, "near": 0.68, "wrong": 0.045},
    ("scooters", None): {"in": 0.82, "off": 0.96, "near": 0.68, "wrong": 0.060},
    ("seniorcourses", 4): {"in": 0.73, "off": 0.96, "near": 0.76, "wrong": 0.070},
    ("seniorcourses", None): {"in": 0.81, "off": 0.96, "near": 0.63, "wrong": 0.070},
    ("shelter", 4): {"in": 0.77, "off": 0.96, "near": 0.95, "wrong": 0.050},
    ("shelter", None): {"in": 0.86, "off": 0.96, "near": 0.95, "wrong": 0.040},
    ("shuttle", 4): {"in": 0.78, "off": 0.96, "near": 0.76, "wrong": 0.035},
    ("shuttle", None): {"in": 0.86, "off": 0.96, "near": 0.76, "wrong": 0.040},
    ("smartphones", 4): {"in": 0.73, "off": 0.96, "near": 0.76, "wrong": 0.035},
    ("smartphones", None): {"in": 0.79, "off": 0.94, "near": 0.76, "wrong": 0.050},
    ("smoking", 4): {"in": 0.84, "off": 0.96, "near": 0.68, "wrong": 0.040},
    ("smoking", None): {"in": 0.86, "off": 0.96, "near": 0.48, "wrong": 0.060},
    ("snow", 4): {"in": 0.84, "off": 0.96, "near": 0.82, "wrong": 0.060},
    ("snow", None): {"in": 0.88, "off": 0.96, "near": 0.82, "wrong": 0.035},
    ("solar", 4): {"in": 0.77, "off": 0.96, "near": 0.82, "wrong": 0.060},
    ("solar", None): {"in": 0.82, "off": 0.96, "near": 0.82, "wrong": 0.055},
    ("speedcams", 4): {"in": 0.75, "off": 0.96, "near": 0.76, "wrong": 0.055},
    ("speedcams", None): {"in": 0.80, "off": 0.96, "near": 0.82, "wrong": 0.055},
    ("sportsleague", 4): {"in": 0.75, "off": 0.96, "near": 0.70, "wrong": 0.035},
    ("sportsleague", None): {"in": 0.83, "off": 0.96, "near": 0.76, "wrong": 0.025},
    ("startup", 4): {"in": 0.73, "off": 0.96, "near": 0.95, "wrong": 0.045},
    ("startup", None): {"in": 0.85, "off": 0.96, "near": 0.81, "wrong": 0.015},
    ("streetlights", 4): {"in": 0.76, "off": 0.96, "near": 0.72, "wrong": 0.050},
    ("streetlights", None): {"in": 0.80, "off": 0.96, "near": 0.67, "wrong": 0.050},
    ("swimsafety", 4): {"in": 0.76, "off": 0.94, "near": 0.70, "wrong": 0.035},
    ("swimsafety", None): {"in": 0.88, "off": 0.94, "near": 0.63, "wrong": 0.025},
    ("textiles", 4): {"in": 0.81, "off": 0.96, "near": 0.75, "wrong": 0.045},
    ("textiles", None): {"in": 0.87, "off": 0.96, "near": 0.68, "wrong": 0.035},
    ("toollibrary", 4): {"in": 0.68, "off": 0.96, "near": 0.75, "wrong": 0.060},
    ("toollibrary", None): {"in": 0.79, "off": 0.96, "near": 0.75, "wrong": 0.050},
    ("trails", 4): {"in": 0.78, "off": 0.94, "near": 0.76, "wrong": 0.050},
    ("trails", None): {"in": 0.84, "off": 0.94, "near": 0.63, "wrong": 0.035},
    ("transit", 4): {"in": 0.87, "off": 0.96, "near": 0.68, "wrong": 0.025},
    ("transit", None): {"in": 0.91, "off": 0.96, "near": 0.61, "wrong": 0.035},
    ("trees", 4): {"in": 0.69, "off": 0.96, "near": 0.75, "wrong": 0.025},
    ("trees", None): {"in": 0.80, "off": 0.96, "near": 0.68, "wrong": 0.035},
    ("typhoon", 4): {"in": 0.70, "off": 0.96, "near": 0.81, "wrong": 0.045},
    ("typhoon", None): {"in": 0.82, "off": 0.96, "near": 0.81, "wrong": 0.055},
    ("umbrellas", 4): {"in": 0.78, "off": 0.96, "near": 0.82, "wrong": 0.060},
    ("umbrellas", None): {"in": 0.82, "off": 0.96, "near": 0.76, "wrong": 0.060},
    ("uniforms", 4): {"in": 0.64, "off": 0.96, "near": 0.82, "wrong": 0.080},
    ("uniforms", None): {"in": 0.76, "off": 0.96, "near": 0.76, "wrong": 0.035},
    ("waste", 4): {"in": 0.86, "off": 0.96, "near": 0.72, "wrong": 0.065},
    ("waste", None): {"in": 0.91, "off": 0.96, "near": 0.72, "wrong": 0.045},
    ("water", 4): {"in": 0.84, "off": 0.96, "near": 0.75, "wrong": 0.015},
    ("water", None): {"in": 0.93, "off": 0.96, "near": 0.75, "wrong": 0.025},
    ("weddings", 4): {"in": 0.67, "off": 0.96, "near": 0.82, "wrong": 0.075},
    ("weddings", None): {"in": 0.77, "off": 0.96, "near": 0.82, "wrong": 0.060},
    ("wetland", 4): {"in": 0.77, "off": 0.96, "near": 0.76, "wrong": 0.050},
    ("wetland", None): {"in": 0.80, "off": 0.96, "near": 0.76, "wrong": 0.060},
    ("wifi", 4): {"in": 0.69, "off": 0.96, "near": 0.76, "wrong": 0.080},
    ("wifi", None): {"in": 0.83, "off": 0.96, "near": 0.76, "wrong": 0.040},
    ("youthcouncil", 4): {"in": 0.74, "off": 0.96, "near": 0.67, "wrong": 0.050},
    ("youthcouncil", None): {"in": 0.83, "off": 0.96, "near": 0.56, "wrong": 0.035},
}


@pytest.fixture(scope="module")
def rows():
    return {(row.folder, row.cut): row.project for row in run_suite(suite_folders(TESTS, held_out=False), cuts=(4, None))}


def test_every_tuning_folder_is_graded(rows):
    assert set(rows) == set(FLOORS)


@pytest.mark.parametrize("key", sorted(FLOORS, key=str))
def test_tuning_folder_floor_and_wrong_answer_ceiling(rows, key):
    figures, floor = rows[key], FLOORS[key]
    for kind in ("in", "off", "near"):
        assert figures.right[kind] >= floor[kind], f"{key} {kind}: {figures.right[kind]:.1%} < {floor[kind]:.0%}"
    assert figures.wrong <= floor["wrong"], f"{key}: {figures.wrong:.1%} confident wrong answers > {floor['wrong']:.1%}"


def test_the_held_out_suite_reads_only_the_folders_directly_under_heldout(tmp_path):
    # heldout/next/ keeps the next session's folders unread: `eval --heldout` must not see them.
    for folder in ("heldout/now", "heldout/next/later"):
        (tmp_path / "folders" / folder).mkdir(parents=True)
        (tmp_path / "folders" / folder / "questions.tsv").write_text("expect\tkind\tquestion\n", encoding="utf-8")
    (tmp_path / "data" / "heldout").mkdir(parents=True)
    assert [f.name for f in suite_folders(tmp_path, held_out=True)][1:] == ["now"]
